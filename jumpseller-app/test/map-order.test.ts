import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NormalizedOrderSchema } from "@timbre/core/platform-parts";
import { mapOrder, orderStatus, pricesIncludeTax, JumpsellerOrderSchema } from "../src/orders/map-order.js";
import { signHookBody, verifyHookSignature } from "../src/hooks/verify-signature.js";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as {
    order: Record<string, unknown>;
  };
const readAt = new Date("2026-11-23T15:00:00Z");
const fields = { documentType: 501, rut: 502, businessName: 503, activity: 504 };

const chileanOrder = (over: Record<string, unknown> = {}) => ({
  id: 7001,
  status: "Pagado",
  status_enum: "paid",
  currency: "CLP",
  subtotal: 13480,
  tax: 0,
  shipping: 3990,
  shipping_discount: 0,
  total: 16970,
  discount: 500,
  shipping_method_name: "Starken a domicilio",
  customer: { id: 9, email: "ana@example.cl", fullname: "Ana Pérez" },
  billing_address: {
    name: "Ana",
    surname: "Pérez",
    taxid: null,
    address: "Av. Matta",
    street_number: "123",
    city: "Santiago",
    municipality: "Santiago Centro",
  },
  products: [
    { id: 11, variant_id: 21, sku: "CAFE-1K", name: "Café en grano 1 kg", qty: 2, price: 4990, discount: 0 },
    { id: 12, variant_id: null, sku: "TAZA", name: "Taza de cerámica", qty: 1, price: 3500, discount: 500 },
  ],
  additional_fields: [],
  ...over,
});

describe("Jumpseller order → normalized order", () => {
  it("maps lines, shipping, buyer and money in whole pesos, and passes the hub's schema", () => {
    const o = mapOrder(chileanOrder(), fields, readAt);
    const parsed = NormalizedOrderSchema.parse(o);
    expect(parsed).toMatchObject({
      externalId: "7001",
      status: "paid",
      updatedAt: readAt.toISOString(),
      pricesIncludeTax: true,
      shipping: { name: "Starken a domicilio", price: 3990 },
      buyer: {
        document: "boleta",
        email: "ana@example.cl",
        name: "Ana Pérez",
        address: "Av. Matta 123",
        commune: "Santiago Centro",
      },
    });
    expect(parsed.lines).toEqual([
      {
        externalId: "11:21",
        sku: "CAFE-1K",
        name: "Café en grano 1 kg",
        quantity: 2,
        unitPrice: 4990,
        discount: 0,
        exempt: false,
      },
      {
        externalId: "12",
        sku: "TAZA",
        name: "Taza de cerámica",
        quantity: 1,
        unitPrice: 3500,
        discount: 500,
        exempt: false,
      },
    ]);
    expect(parsed.buyer.rut).toBeUndefined();
  });

  it("takes the factura data from our checkout fields, found by id whatever their label says now", () => {
    const o = mapOrder(
      chileanOrder({
        additional_fields: [
          { id: 501, label: "¿Boleta o factura?", value: "Factura", area: "billing_shipping" },
          { id: 502, label: "Rut empresa", value: "76.354.771-K", area: "billing_shipping" },
          { id: 503, label: "Nombre empresa", value: "Importadora Sur Ltda.", area: "billing_shipping" },
          { id: 504, label: "Actividad", value: "Repuestos", area: "billing_shipping" },
          // A merchant's own field that happens to be labelled like ours is ignored.
          { id: 999, label: "RUT", value: "11.111.111-1", area: "other" },
        ],
      }),
      fields,
      readAt,
    );
    expect(o.buyer).toMatchObject({
      document: "factura",
      rut: "76.354.771-K",
      businessName: "Importadora Sur Ltda.",
      activity: "Repuestos",
    });
  });

  it("prefers the store's native billing taxid and billing_information when the shopper filled them", () => {
    const o = mapOrder(
      chileanOrder({
        billing_address: {
          name: "Ana",
          surname: "Pérez",
          taxid: "77.123.456-0",
          address: "Calle 1",
          city: "Concepción",
        },
        billing_information: {
          company_name: "Sur Nativo SpA",
          business_activity: "Comercio",
          taxpayer_type: "empresa",
        },
        additional_fields: [
          { id: 501, label: "Tipo de documento", value: "Factura" },
          { id: 502, label: "RUT", value: "76.354.771-K" },
        ],
      }),
      fields,
      readAt,
    );
    expect(o.buyer).toMatchObject({
      document: "factura",
      rut: "77.123.456-0",
      businessName: "Sur Nativo SpA",
      activity: "Comercio",
      city: "Concepción",
    });
  });

  it("defaults to boleta when the merchant deleted our fields (no ids known, or ids no longer on the order)", () => {
    const order = chileanOrder({ additional_fields: [{ id: 777, label: "Tipo de documento", value: "Factura" }] });
    expect(mapOrder(order, {}, readAt).buyer).toMatchObject({ document: "boleta" });
    expect(mapOrder(order, fields, readAt).buyer).toMatchObject({ document: "boleta" });
  });

  it("lets status_enum drive the status, never the translated text", () => {
    expect(mapOrder(chileanOrder({ status: "Pendiente de Pago", status_enum: "paid" }), fields, readAt).status).toBe(
      "paid",
    );
    expect(mapOrder(chileanOrder({ status: "Paid", status_enum: "pending_payment" }), fields, readAt).status).toBe(
      "pending",
    );
    expect(mapOrder(chileanOrder({ status: "Cancelado", status_enum: "canceled" }), fields, readAt).status).toBe(
      "cancelled",
    );
    expect(mapOrder(chileanOrder({ status: "Paid", status_enum: undefined }), fields, readAt).status).toBe("pending");
    expect(orderStatus("abandoned")).toBe("pending");
  });

  it("spreads an order-level coupon over the lines so the total matches what was paid", () => {
    const o = NormalizedOrderSchema.parse(mapOrder(chileanOrder({ discount: 2500 }), fields, readAt));
    const linesTotal = o.lines.reduce((s, l) => s + l.unitPrice * l.quantity - l.discount, 0);
    expect(linesTotal).toBe(2 * 4990 + 3500 - 2500);
  });

  it("detects stores that show prices without IVA (tax added on top of the total)", () => {
    expect(pricesIncludeTax(JumpsellerOrderSchema.parse(chileanOrder()))).toBe(true);
    expect(
      pricesIncludeTax(
        JumpsellerOrderSchema.parse(
          chileanOrder({ subtotal: 10000, shipping: 0, discount: 0, tax: 1900, total: 11900 }),
        ),
      ),
    ).toBe(false);
    expect(
      pricesIncludeTax(
        JumpsellerOrderSchema.parse(
          chileanOrder({ subtotal: 11900, shipping: 0, discount: 0, tax: 1900, total: 11900 }),
        ),
      ),
    ).toBe(true);
  });

  it("reads the official hook examples (string ids, decimals, repeated products)", () => {
    const support = mapOrder(fixture("webhook-order-example-support-doc.json").order, fields, readAt);
    expect(support).toMatchObject({
      externalId: "1026",
      status: "pending",
      lines: [{ externalId: "10732902:81899012", unitPrice: 399, discount: 80 }],
    });
    const minimal = mapOrder(fixture("webhook-order-paid-minimal-example.json").order, fields, readAt);
    expect(minimal).toMatchObject({ status: "paid", buyer: { email: "test@gmail.com", document: "boleta" } });
    const twice = mapOrder(
      chileanOrder({
        products: [
          { id: 1, sku: "A", name: "A", qty: 1, price: 100 },
          { id: 1, sku: "A", name: "A", qty: 2, price: 100 },
        ],
      }),
      fields,
      readAt,
    );
    expect(NormalizedOrderSchema.safeParse(twice).success).toBe(true);
  });
});

describe("hook signatures", () => {
  it("accepts base64 HMAC-SHA256 of the raw body with the hooks token, and nothing else", () => {
    const raw = JSON.stringify(fixture("webhook-order-paid-minimal-example.json"));
    const sig = signHookBody(raw, "tok3n");
    expect(verifyHookSignature(raw, "tok3n", sig)).toBe(true);
    expect(verifyHookSignature(raw, "other", sig)).toBe(false);
    expect(verifyHookSignature(`${raw} `, "tok3n", sig)).toBe(false);
    // A hex digest (a common third-party mistake) is not Jumpseller's format.
    const hex = Buffer.from(sig, "base64").toString("hex");
    expect(verifyHookSignature(raw, "tok3n", hex)).toBe(false);
    expect(verifyHookSignature(raw, "tok3n", null)).toBe(false);
  });
});
