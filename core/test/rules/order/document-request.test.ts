import { describe, expect, it } from "vitest";
import { parseDteRequest } from "../../../src/rules/dte/request.js";
import {
  creditNoteRequest,
  isFullRefund,
  saleDocumentRequest,
  type IssuerData,
} from "../../../src/rules/order/document-request.js";

const company: IssuerData = {
  rut: "76192083-9",
  businessName: "Comercial Demo Timbre SpA",
  activity: "Venta al por menor por internet",
  actecos: [479100],
  address: "Av. Providencia 1234",
  commune: "Providencia",
  city: "Santiago",
  email: null,
  resolutionNumber: 0,
  resolutionDate: "2026-01-15",
};

const order = {
  pricesIncludeTax: true,
  lines: [
    {
      externalId: "l1",
      sku: "CAFE-1K",
      name: "Café en grano 1 kg",
      quantity: 3,
      unitPrice: 4990,
      discount: 900,
      exempt: false,
    },
    { externalId: "l2", sku: "LIBRO-1", name: "Libro", quantity: 1, unitPrice: 12000, discount: 0, exempt: true },
  ],
  shipping: { name: "Despacho", price: 3990 },
};

describe("documents built from an order", () => {
  it("puts discounts on their lines and shipping as a line, and validates as a DTE request", () => {
    const req = saleDocumentRequest({
      company,
      type: 39,
      receiver: { rut: "66666666-6" },
      order,
      issueDate: "2026-11-20",
    });
    expect(req.lines).toEqual([
      { name: "Café en grano 1 kg", quantity: 3, unitPrice: 4990, discount: { amount: 900 }, code: "CAFE-1K" },
      { name: "Libro", quantity: 1, unitPrice: 12000, exempt: true, code: "LIBRO-1" },
      { name: "Despacho", quantity: 1, unitPrice: 3990 },
    ]);
    expect(req.globalDiscount).toBeUndefined();
    expect(parseDteRequest(req).type).toBe(39);
  });

  it("carries the full receiver on a factura", () => {
    const receiver = {
      rut: "76354771-K",
      name: "Importadora Sur Ltda.",
      activity: "Repuestos",
      address: "Matta 123",
      commune: "Santiago",
    };
    const req = saleDocumentRequest({
      company,
      type: 33,
      receiver,
      order: { ...order, pricesIncludeTax: false },
      issueDate: "2026-11-20",
    });
    expect(parseDteRequest(req).receiver).toMatchObject(receiver);
  });

  it("marks every line exempt on an exempt document", () => {
    const req = saleDocumentRequest({
      company,
      type: 41,
      receiver: { rut: "66666666-6" },
      order: { ...order, lines: [order.lines[1]!], shipping: { name: "Retiro", price: 0 } },
      issueDate: "2026-11-20",
    });
    expect(req.lines).toEqual([{ name: "Libro", quantity: 1, unitPrice: 12000, exempt: true, code: "LIBRO-1" }]);
    expect(parseDteRequest(req).type).toBe(41);
  });

  it("annuls the whole document (CodRef 1) when everything comes back", () => {
    const refund = {
      reason: "Pedido cancelado",
      lines: [
        { externalId: "l1", quantity: 3 },
        { externalId: "l2", quantity: 1 },
      ],
      shipping: true,
    };
    expect(isFullRefund(order, refund)).toBe(true);
    const nc = creditNoteRequest({
      company,
      original: { type: 39, folio: 12, issueDate: "2026-11-19", receiver: { rut: "66666666-6" } },
      order,
      refund,
      issueDate: "2026-11-20",
    });
    expect(nc.references).toEqual([
      { type: 39, folio: 12, date: "2026-11-19", code: 1, reason: "Anula documento: Pedido cancelado" },
    ]);
    expect(nc.lines).toHaveLength(3);
    expect(nc.receiver).toEqual({ rut: "66666666-6", name: "Consumidor final" });
    expect(parseDteRequest(nc).type).toBe(61);
  });

  it("corrects amounts (CodRef 3) for part of a line, giving back its share of the discount", () => {
    const refund = { reason: "Un paquete dañado", lines: [{ externalId: "l1", quantity: 1 }], shipping: false };
    expect(isFullRefund(order, refund)).toBe(false);
    const original = {
      type: 33,
      folio: 7,
      issueDate: "2026-11-19",
      receiver: {
        rut: "76354771-K",
        name: "Sur Ltda.",
        activity: "Repuestos",
        address: "Matta 123",
        commune: "Santiago",
      },
    };
    const nc = creditNoteRequest({ company, original, order, refund, issueDate: "2026-11-21" });
    expect(nc.lines).toEqual([
      { name: "Café en grano 1 kg", quantity: 1, unitPrice: 4990, discount: { amount: 300 }, code: "CAFE-1K" },
    ]);
    expect(nc.references?.[0]).toMatchObject({ type: 33, folio: 7, code: 3 });
    expect(nc.receiver).toMatchObject({ rut: "76354771-K", name: "Sur Ltda." });
    expect(parseDteRequest(nc).type).toBe(61);
  });
});
