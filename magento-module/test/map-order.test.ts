import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NormalizedOrderSchema } from "@timbre/core/platforms";
import { describe, expect, it } from "vitest";
import { magentoStatus, mapOrder } from "../connector/orders/map-order.js";
import { readMagentoOrder } from "../connector/orders/read-order.js";
import { MagentoOrderSchema } from "../connector/orders/magento-order.js";

// A guest order read from a real Magento 2.4.7 with the Timbre_Chile module (GET /V1/orders/:id).
const raw = JSON.parse(
  readFileSync(join(import.meta.dirname, "fixtures", "guest-order-factura.json"), "utf8"),
) as Record<string, unknown>;

describe("a Magento order as the hub's order", () => {
  it("carries the increment id, the buyer's RUT, razón social, giro and document choice", () => {
    const read = readMagentoOrder(raw);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.order).toMatchObject({
      externalId: "000000001",
      number: "000000001",
      status: "pending",
      hold: null,
      updatedAt: "2026-12-01T13:52:28Z",
      buyer: {
        email: "ana@example.test",
        name: "Ana Pérez",
        document: "factura",
        rut: "76.543.210-3",
        businessName: "Comercial Ejemplo SpA",
        activity: "Venta de tazas",
        commune: "Santiago",
      },
      lines: [{ externalId: "1", sku: "T-570", quantity: 2, unitPrice: 5990, discount: 0 }],
      shipping: { name: "Flat Rate - Fixed", price: 10 },
    });
    expect(read.delivery).toMatchObject({
      line1: "Av. Providencia 1234",
      comuna: "Santiago",
      shippingMethod: "flatrate_flatrate",
    });
  });

  it("never lets an order in review, flagged as fraud or on hold be issued, paid or not", () => {
    const o = { grand_total: 100, total_paid: null, total_refunded: null };
    expect(magentoStatus({ ...o, state: "payment_review", status: "payment_review" })).toEqual({
      status: "pending",
      hold: "payment_review",
    });
    expect(magentoStatus({ ...o, state: "payment_review", status: "fraud" })).toEqual({
      status: "pending",
      hold: "suspected_fraud",
    });
    expect(magentoStatus({ ...o, state: "processing", status: "fraud", total_paid: 100 })).toEqual({
      status: "paid",
      hold: "suspected_fraud",
    });
    expect(magentoStatus({ ...o, state: "holded", status: "holded", total_paid: 100 })).toEqual({
      status: "paid",
      hold: "on_hold",
    });
    expect(magentoStatus({ ...o, state: "processing", status: "processing", total_paid: 100 })).toEqual({
      status: "paid",
      hold: null,
    });
    expect(magentoStatus({ ...o, state: "new", status: "pending" })).toEqual({ status: "pending", hold: null });
    expect(magentoStatus({ ...o, state: "canceled", status: "canceled" })).toEqual({ status: "cancelled", hold: null });
    expect(magentoStatus({ ...o, state: "closed", status: "closed", total_paid: 100, total_refunded: 100 })).toEqual({
      status: "refunded",
      hold: null,
    });
    expect(magentoStatus({ ...o, state: "complete", status: "complete", total_paid: 100, total_refunded: 40 })).toEqual(
      { status: "partially_refunded", hold: null },
    );
  });

  it("sells a configurable's parent line once, never its child", () => {
    const items = [
      {
        item_id: 10,
        sku: "POLERA-M",
        name: "Polera",
        product_type: "configurable",
        qty_ordered: 1,
        price: 9990,
        price_incl_tax: 9990,
      },
      {
        item_id: 11,
        parent_item_id: 10,
        sku: "POLERA-M",
        name: "Polera M",
        product_type: "simple",
        qty_ordered: 1,
        price: 0,
      },
    ];
    const mapped = NormalizedOrderSchema.parse(mapOrder(MagentoOrderSchema.parse({ ...raw, items })));
    expect(mapped.lines).toEqual([expect.objectContaining({ externalId: "10", sku: "POLERA-M", unitPrice: 9990 })]);
  });

  it("an order Magento gives without the fields we need is reported, not guessed", () => {
    expect(readMagentoOrder({ increment_id: "9" })).toMatchObject({ ok: false, reason: "unreadable" });
    expect(readMagentoOrder(null)).toEqual({ ok: false, reason: "not_found" });
  });
});
