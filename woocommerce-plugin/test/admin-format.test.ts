import { describe, expect, it } from "vitest";
import { clp, date, documentState, documentTitle, orderStatus } from "../admin/src/format.js";

describe("what the admin app shows", () => {
  it("names documents and never shows a bare type code", () => {
    expect(documentTitle(39, 1234)).toBe("Boleta electrónica N° 1.234");
    expect(documentTitle(33, 7)).toBe("Factura electrónica N° 7");
    expect(documentTitle(61, 1)).toBe("Nota de crédito electrónica N° 1");
    expect(documentTitle(99, 1)).not.toMatch(/99/);
  });

  it("writes dates dd-mm-aaaa in Chile's calendar", () => {
    expect(date("2026-11-05")).toBe("05-11-2026");
    // 02:00 UTC on the 1st is still the 30th in Santiago.
    expect(date("2026-12-01T02:00:00Z")).toBe("30-11-2026");
    expect(date(null)).toBe("—");
  });

  it("speaks Spanish for states and pesos", () => {
    expect(documentState("accepted")).toBe("Aceptado por el SII");
    expect(documentState("something_new")).toBe("En proceso");
    expect(orderStatus("partially_refunded")).toBe("Reembolsado en parte");
    expect(clp(1234567)).toBe("$1.234.567");
  });
});
