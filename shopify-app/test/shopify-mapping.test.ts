import { describe, expect, it } from "vitest";
import { parseShopifyJson, idString } from "../src/shopify/lossless-json.js";
import { clpFromAmount } from "../src/shopify/money.js";
import { GqlOrderSchema, normalizeShopifyOrder } from "../src/shopify/order-mapper.js";
import { shopifyDeliveryRequest } from "../src/shopify/map-recipient.js";
import { verifyShopifyHmac } from "../src/shopify/webhook-receiver.js";
import { shopifyHmac } from "../src/testing/webhook-sender.js";

const gqlOrder = (over: Record<string, unknown> = {}) => ({
  id: "gid://shopify/Order/820982911946154508",
  legacyResourceId: "820982911946154508",
  name: "#1001",
  updatedAt: "2026-11-20T10:00:00-03:00",
  cancelledAt: null,
  displayFinancialStatus: "PAID",
  taxesIncluded: true,
  email: "ana@example.cl",
  customAttributes: [],
  billingAddress: { company: null, name: "Ana Pérez", address1: "Av. Providencia 1234", city: "Providencia" },
  lineItems: {
    nodes: [
      {
        id: "gid://shopify/LineItem/9007199254740993",
        sku: "CAFE-1K",
        name: "Café 1 kg",
        quantity: 2,
        taxable: true,
        originalUnitPriceSet: { shopMoney: { amount: "12990.0" } },
        totalDiscountSet: { shopMoney: { amount: "1000.00" } },
      },
      {
        id: "gid://shopify/LineItem/2",
        sku: "LIBRO",
        name: "Libro",
        quantity: 1,
        taxable: false,
        originalUnitPriceSet: { shopMoney: { amount: "9990" } },
        totalDiscountSet: null,
      },
    ],
  },
  shippingLines: { nodes: [{ title: "Despacho RM", discountedPriceSet: { shopMoney: { amount: "3990.00" } } }] },
  refunds: [],
  ...over,
});

describe("Shopify payload mapping", () => {
  it("keeps 64-bit ids in webhook bodies exact", () => {
    const body = parseShopifyJson(
      '{"id":820982911946154508,"order_id":9007199254740993,"quantity":12345678901234567,"line_items":[{"id":1}]}',
    ) as Record<string, unknown>;
    expect(body.id).toBe("820982911946154508");
    expect(body.order_id).toBe("9007199254740993");
    expect(JSON.parse('{"id":820982911946154508}').id).not.toBe(820982911946154508n.toString()); // what plain JSON.parse does
    expect(idString("gid://shopify/Order/820982911946154508")).toBe("820982911946154508");
  });

  it("checks the HMAC on the exact bytes, in constant time", () => {
    const raw = Buffer.from('{"url":"https:\\/\\/x.cl\\/a&b"}');
    expect(verifyShopifyHmac(raw, shopifyHmac("s3cret", raw), "s3cret")).toBe(true);
    expect(
      verifyShopifyHmac(Buffer.from(JSON.stringify(JSON.parse(raw.toString()))), shopifyHmac("s3cret", raw), "s3cret"),
    ).toBe(false);
    expect(verifyShopifyHmac(raw, shopifyHmac("other", raw), "s3cret")).toBe(false);
    expect(verifyShopifyHmac(raw, "short", "s3cret")).toBe(false);
    expect(verifyShopifyHmac(raw, null, "s3cret")).toBe(false);
  });

  it("rounds money strings to whole pesos", () => {
    expect(clpFromAmount("12990.00")).toBe(12990);
    expect(clpFromAmount("199.5")).toBe(200);
    expect(clpFromAmount(null)).toBe(0);
    expect(() => clpFromAmount("abc")).toThrow();
  });

  it("maps a paid order: lines with string ids, discounts, exempt lines, shipping, buyer", () => {
    const o = normalizeShopifyOrder(gqlOrder());
    expect(o).toMatchObject({
      externalId: "820982911946154508",
      number: "#1001",
      status: "paid",
      pricesIncludeTax: true,
    });
    expect(o.lines).toEqual([
      {
        externalId: "9007199254740993",
        sku: "CAFE-1K",
        name: "Café 1 kg",
        quantity: 2,
        unitPrice: 12990,
        discount: 1000,
        exempt: false,
      },
      { externalId: "2", sku: "LIBRO", name: "Libro", quantity: 1, unitPrice: 9990, discount: 0, exempt: true },
    ]);
    expect(o.shipping).toEqual({ name: "Despacho RM", price: 3990, exempt: false });
    expect(o.buyer).toMatchObject({
      document: "boleta",
      email: "ana@example.cl",
      name: "Ana Pérez",
      commune: "Providencia",
    });
  });

  it("maps statuses: cancelled wins, refunds, pending", () => {
    expect(normalizeShopifyOrder(gqlOrder({ cancelledAt: "2026-11-21T00:00:00Z" })).status).toBe("cancelled");
    expect(normalizeShopifyOrder(gqlOrder({ displayFinancialStatus: "REFUNDED" })).status).toBe("refunded");
    expect(normalizeShopifyOrder(gqlOrder({ displayFinancialStatus: "PARTIALLY_REFUNDED" })).status).toBe(
      "partially_refunded",
    );
    expect(normalizeShopifyOrder(gqlOrder({ displayFinancialStatus: "AUTHORIZED" })).status).toBe("pending");
  });

  it("takes factura data from the cart attributes, keeping an invalid RUT as typed for the core to reject", () => {
    const attrs = (rut: string) => [
      { key: "timbre_documento", value: "factura" },
      { key: "timbre_rut", value: rut },
      { key: "timbre_razon_social", value: "Ñandú SpA" },
      { key: "timbre_giro", value: "Comercio" },
    ];
    expect(normalizeShopifyOrder(gqlOrder({ customAttributes: attrs("76.192.083-9") })).buyer).toMatchObject({
      document: "factura",
      rut: "76192083-9",
      businessName: "Ñandú SpA",
      activity: "Comercio",
    });
    expect(normalizeShopifyOrder(gqlOrder({ customAttributes: attrs("76.192.083-1") })).buyer.rut).toBe("76.192.083-1");
    expect(normalizeShopifyOrder(gqlOrder({ email: "not-an-email" })).buyer.email).toBeUndefined();
  });
});

describe("the delivery of a Shopify order", () => {
  const order = (shippingAddress: Record<string, string | null> | null) =>
    GqlOrderSchema.parse({
      id: "gid://shopify/Order/1",
      updatedAt: "2026-11-20T12:00:00Z",
      lineItems: { nodes: [] },
      shippingLines: {
        nodes: [
          { title: "Despacho propio", discountedPriceSet: { shopMoney: { amount: "3990.0", currencyCode: "CLP" } } },
        ],
      },
      shippingAddress,
    });

  it("takes the comuna from city and the región from province, with the shipping line's title", () => {
    expect(
      shopifyDeliveryRequest(
        order({
          name: "Ana Pérez",
          address1: "Av. Italia 1234",
          address2: "Depto 5",
          city: "Ñuñoa",
          province: "Región Metropolitana",
          zip: null,
          countryCodeV2: "CL",
          phone: "+56911112222",
        }),
      ),
    ).toEqual({
      recipient: {
        name: "Ana Pérez",
        line1: "Av. Italia 1234",
        line2: "Depto 5",
        comuna: "Ñuñoa",
        region: "Región Metropolitana",
        phone: "+56911112222",
      },
      shippingMethod: "Despacho propio",
    });
  });

  it("gives none for a pickup, an address abroad, or one without street or comuna", () => {
    expect(shopifyDeliveryRequest(order(null))).toBeUndefined();
    expect(
      shopifyDeliveryRequest(order({ address1: "Chestnut Street 92", city: "Louisville", countryCodeV2: "US" })),
    ).toBeUndefined();
    expect(
      shopifyDeliveryRequest(order({ address1: "Av. Italia 1234", city: " ", countryCodeV2: "CL" })),
    ).toBeUndefined();
  });
});
