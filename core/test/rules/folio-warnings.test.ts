import { describe, expect, it } from "vitest";
import { folioWarnings } from "../../src/rules/dte/folio-warnings.js";

const now = new Date("2026-11-23T12:00:00Z");
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

describe("folio warnings", () => {
  it("warns at or below the company's threshold, including a type that ran out", () => {
    const w = folioWarnings(
      [
        { documentType: 39, remaining: 50, expiresAt: null },
        { documentType: 33, remaining: 51, expiresAt: days(120) },
        { documentType: 61, remaining: 0, expiresAt: null },
      ],
      50,
      now,
    );
    expect(w.map((x) => [x.code, x.documentType, x.remaining])).toEqual([
      ["low_folios", 39, 50],
      ["low_folios", 61, 0],
    ]);
    expect(w[0]!.message.es).toContain("Quedan 50 folios de boleta electrónica");
  });

  it("warns a month before a CAF with folios left expires, saying how many days remain", () => {
    const w = folioWarnings(
      [
        { documentType: 33, remaining: 400, expiresAt: days(30) },
        { documentType: 61, remaining: 400, expiresAt: days(31) },
      ],
      10,
      now,
    );
    expect(w).toEqual([
      expect.objectContaining({ code: "caf_expiring", documentType: 33, expiresAt: days(30).toISOString() }),
    ]);
    expect(w[0]!.message.es).toContain("vence en 30 días con 400 folios");
  });
});
