import { describe, expect, it } from "vitest";
import { NormalizedOrderSchema } from "@timbre/core/platform-parts";
import { quoteLongIntegers, parseJsonKeepingIds } from "../src/client/json.js";
import { billingRut } from "../src/orders/billing-buyer.js";
import { mapSale, saleStatus, type MeliSale } from "../src/orders/map-sale.js";
import { BillingInfoSchema, OrderSchema, ShipmentSchema } from "../src/orders/meli-schemas.js";

const READ_AT = new Date("2026-12-01T15:00:00.000Z");

function order(id: string, over: Record<string, unknown> = {}) {
  return OrderSchema.parse({
    id: Number(id),
    status: "paid",
    pack_id: 2000005000000001,
    last_updated: "2026-12-01T11:00:00.000-03:00",
    order_items: [
      {
        item: { id: "MLC1500000001", title: "Polera algodón", variation_id: null, seller_sku: `SKU-${id.slice(-2)}` },
        quantity: 2,
        unit_price: 9990,
        full_unit_price: 12990,
      },
    ],
    buyer: { id: 501, nickname: "JUANA", first_name: "Juana", last_name: "Pérez" },
    ...over,
  });
}

const billing = (info: Record<string, unknown>) =>
  BillingInfoSchema.parse({ site_id: "MLC", buyer: { cust_id: 501, billing_info: info } });
const sale = (over: Partial<MeliSale> = {}): MeliSale => ({
  id: "2000005000000001",
  packId: "2000005000000001",
  orders: [order("2000008000000011"), order("2000008000000012")],
  ...over,
});

describe("a pack becomes one normalized order", () => {
  it("two paid orders: one sale under the pack id, every line with its SKU, prices with IVA", () => {
    const m = mapSale(sale(), READ_AT);
    const o = NormalizedOrderSchema.parse(m.order);
    expect(o.externalId).toBe("2000005000000001");
    expect(o.status).toBe("paid");
    expect(o.lines.map((l) => [l.externalId, l.sku, l.quantity, l.unitPrice])).toEqual([
      ["2000008000000011:MLC1500000001", "SKU-11", 2, 9990],
      ["2000008000000012:MLC1500000001", "SKU-12", 2, 9990],
    ]);
    expect(o.pricesIncludeTax).toBe(true);
    expect(o.buyer.document).toBe("boleta");
    expect(o.shipping).toBeNull();
    expect(m.refunds).toEqual([]);
  });

  it("an order without pack is its own sale, keyed by its order id", () => {
    const lone = order("2000008000000099", { pack_id: null });
    const m = mapSale({ id: lone.id, packId: null, orders: [lone] }, READ_AT);
    expect(m.order.externalId).toBe("2000008000000099");
  });

  it("takes the SKU from seller_sku, then the older custom field, and leaves it out when there is none", () => {
    const noSku = order("2000008000000013", {
      order_items: [
        {
          item: { id: "MLC1", title: "Sin código", seller_sku: null, seller_custom_field: null },
          quantity: 1,
          unit_price: 1000,
        },
      ],
    });
    const custom = order("2000008000000014", {
      order_items: [
        {
          item: { id: "MLC2", title: "Viejo", seller_sku: null, seller_custom_field: "OLD-7" },
          quantity: 1,
          unit_price: 1000,
        },
      ],
    });
    const lines = NormalizedOrderSchema.parse(mapSale(sale({ orders: [noSku, custom] }), READ_AT).order).lines;
    expect(lines[0]!.sku).toBeUndefined();
    expect(lines[1]!.sku).toBe("OLD-7");
  });

  it("maps the pack's state from its orders", () => {
    expect(saleStatus(["paid", "paid"])).toBe("paid");
    expect(saleStatus(["paid", "payment_in_process"])).toBe("pending");
    expect(saleStatus(["confirmed"])).toBe("pending");
    expect(saleStatus(["pending_cancel"])).toBe("pending");
    expect(saleStatus(["cancelled", "invalid"])).toBe("cancelled");
    expect(saleStatus(["paid", "partially_refunded"])).toBe("partially_refunded");
    expect(saleStatus(["paid", "cancelled"])).toBe("paid");
  });

  it("an order cancelled inside a paid pack becomes a refund of its lines", () => {
    const m = mapSale(
      sale({ orders: [order("2000008000000011"), order("2000008000000012", { status: "cancelled" })] }),
      READ_AT,
    );
    expect(m.order.status).toBe("paid");
    expect(m.refunds).toEqual([
      {
        externalId: "order-cancelled:2000008000000012",
        reason: "Orden 2000008000000012 cancelada en Mercado Libre",
        lines: [{ externalId: "2000008000000012:MLC1500000001", quantity: 2 }],
        shipping: false,
      },
    ]);
  });

  it("a partial refund of whole units is credited by itself; any other amount is left to the merchant", () => {
    const units = order("2000008000000011", {
      status: "partially_refunded",
      payments: [{ id: 9, transaction_amount_refunded: 9990 }],
    });
    const odd = order("2000008000000012", {
      status: "partially_refunded",
      payments: [{ id: 10, transaction_amount_refunded: 4000 }],
    });
    const m = mapSale(sale({ orders: [units, odd] }), READ_AT);
    expect(m.order.status).toBe("partially_refunded");
    expect(m.refunds).toEqual([
      expect.objectContaining({
        externalId: "order-refund:2000008000000011",
        lines: [{ externalId: "2000008000000011:MLC1500000001", quantity: 1 }],
      }),
    ]);
    expect(m.notes.map((n) => n.code)).toEqual(["partial_refund_manual"]);
  });

  it("knows a Full pack and the seller's own shipping", () => {
    const full = ShipmentSchema.parse({ id: 44000000001, mode: "me2", logistic_type: "fulfillment" });
    expect(mapSale(sale({ shipment: full }), READ_AT).full).toBe(true);
    const me1 = ShipmentSchema.parse({ id: 44000000002, mode: "me1", logistic_type: "default" });
    const withCost = sale({ orders: [order("2000008000000011", { shipping_cost: 3990 })], shipment: me1 });
    const m = mapSale(withCost, READ_AT);
    expect(m.full).toBe(false);
    expect(m.order.shipping).toEqual({ name: "Despacho", price: 3990, exempt: false });
    // Mercado Envíos 2 bills its own shipping.
    const me2 = ShipmentSchema.parse({ id: 44000000003, mode: "me2", logistic_type: "cross_docking" });
    expect(mapSale({ ...withCost, shipment: me2 }, READ_AT).order.shipping).toBeNull();
  });
});

describe("billing data decides boleta or factura", () => {
  it("a company with a valid RUT and a razón social gets a factura", () => {
    const b = billing({
      name: "Comercial Los Andes SpA",
      identification: { type: "RUT", number: "76192083-9" },
      taxes: { economic_activity: "Venta al por menor" },
      address: { street_name: "Av. Apoquindo", street_number: "3000", city_name: "Las Condes", state: "RM" },
      attributes: { cust_type: "BU" },
    });
    const buyer = mapSale(sale({ billing: b }), READ_AT).order.buyer!;
    expect(buyer).toMatchObject({
      document: "factura",
      rut: "76192083-9",
      businessName: "Comercial Los Andes SpA",
      activity: "Venta al por menor",
      address: "Av. Apoquindo 3000",
      commune: "Las Condes",
    });
  });

  it("a person with a valid RUT gets a nominative boleta; an invalid RUT or none, a plain one", () => {
    const person = billing({
      name: "Juana",
      last_name: "Pérez",
      identification: { type: "RUT", number: "12.345.678-5" },
      attributes: { cust_type: "CO" },
    });
    expect(mapSale(sale({ billing: person }), READ_AT).order.buyer).toMatchObject({
      document: "boleta",
      rut: "12345678-5",
      name: "Juana Pérez",
    });
    const bad = billing({
      name: "Emp SpA",
      identification: { type: "RUT", number: "76192083-0" },
      attributes: { cust_type: "BU" },
    });
    const buyer = mapSale(sale({ billing: bad }), READ_AT).order.buyer!;
    expect(buyer.document).toBe("boleta");
    expect(buyer.rut).toBeUndefined();
    expect(buyer.businessName).toBeUndefined();
    expect(mapSale(sale(), READ_AT).order.buyer).toMatchObject({ document: "boleta", name: "Juana Pérez" });
  });

  it("reads a RUT in any of ML's spellings", () => {
    expect(billingRut("761920839")).toBe("76192083-9");
    expect(billingRut("76.192.083-9")).toBe("76192083-9");
    expect(billingRut("12345678K")).toBeUndefined();
    expect(billingRut(null)).toBeUndefined();
  });
});

describe("ids keep every digit", () => {
  it("quotes integers of 16+ digits outside strings, and nothing else", () => {
    const raw =
      '{"application_id":9223372036854775807,"user_id":123,"price":12345678901234567.5,"s":"1234567890123456789","n":-12345678901234567}';
    expect(quoteLongIntegers(raw)).toBe(
      '{"application_id":"9223372036854775807","user_id":123,"price":12345678901234567.5,"s":"1234567890123456789","n":"-12345678901234567"}',
    );
    expect((parseJsonKeepingIds(raw) as { application_id: string }).application_id).toBe("9223372036854775807");
    expect(parseJsonKeepingIds('{"a":"x\\"9999999999999999"}')).toEqual({ a: 'x"9999999999999999' });
  });
});
