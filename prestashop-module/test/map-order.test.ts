import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NormalizedOrderSchema } from "@timbre/core/platform-parts";
import { mapOrder, orderStatus, type OrderSnapshot } from "../connector/map-order.js";
import {
  AddressSchema,
  CarrierSchema,
  ConfigurationSchema,
  CurrencySchema,
  CustomerSchema,
  OrderSchema,
  OrderStateSchema,
} from "../connector/resources.js";
import { listOf, oneOf } from "../connector/webservice-client.js";
import type { ShopConfig } from "../connector/shop-reader.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));

const states = listOf(fixture("order-states.json"), "order_states", OrderStateSchema);
const configRows = listOf(fixture("configurations.json"), "configurations", ConfigurationSchema);
const cfg = (name: string) => configRows.find((r) => r.name === name)!.value;
const config: ShopConfig = {
  timeZone: cfg("PS_TIMEZONE"),
  states: {
    paid: cfg("PS_OS_PAYMENT"),
    shipped: cfg("PS_OS_SHIPPING"),
    delivered: cfg("PS_OS_DELIVERED"),
    cancelled: cfg("PS_OS_CANCELED"),
    refunded: cfg("PS_OS_REFUND"),
    error: cfg("PS_OS_ERROR"),
  },
};
const order = oneOf(fixture("order-1.json"), "order", OrderSchema);
const base: OrderSnapshot = {
  order,
  config,
  states,
  customer: oneOf(fixture("customer-2.json"), "customer", CustomerSchema),
  invoiceAddress: oneOf(fixture("address-5.json"), "address", AddressSchema),
  deliveryAddress: oneOf(fixture("address-5.json"), "address", AddressSchema),
  carrier: listOf(fixture("carriers.json"), "carriers", CarrierSchema).find((c) => c.id === order.id_carrier),
  currencies: listOf(fixture("currencies.json"), "currencies", CurrencySchema),
  historyCount: 2,
};
const clp = [{ id: "1", iso_code: "CLP", conversion_rate: 1 }];

describe("a PrestaShop order as the hub's normalized order", () => {
  it("maps the demo shop's order: lines by reference, carrier as shipping, the buyer with an account", () => {
    const { order: o } = mapOrder({ ...base, currencies: clp });
    const parsed = NormalizedOrderSchema.parse(o);
    expect(parsed.externalId).toBe("1");
    expect(parsed.number).toBe(order.reference);
    expect(parsed.status).toBe("cancelled");
    expect(parsed.lines.map((l) => [l.externalId, l.sku, l.quantity, l.unitPrice])).toEqual([
      ["1", "demo_1", 1, 24],
      ["2", "demo_3", 1, 36],
    ]);
    expect(parsed.shipping).toEqual({ name: "My carrier", price: 8, exempt: false });
    expect(parsed.buyer).toMatchObject({
      email: "pub@prestashop.com",
      name: "John DOE",
      guest: false,
      businessName: "My Company",
    });
    expect(parsed.buyer.document).toBeUndefined();
  });

  it("says so when the shop does not sell in pesos, and converts when it has a CLP rate", () => {
    const usd = mapOrder(base);
    expect(usd.warnings.join(" ")).toMatch(/USD.*CLP/);
    const converted = mapOrder({
      ...base,
      currencies: [...base.currencies, { id: "2", iso_code: "CLP", conversion_rate: 950 }],
    });
    expect(converted.warnings).toEqual([]);
    expect(converted.order.lines[0]!.unitPrice).toBe(Math.round(23.9 * 950));
  });

  it("takes the factura choice and tax data the module kept at checkout", () => {
    const { order: o } = mapOrder({
      ...base,
      currencies: clp,
      checkout: {
        id: "1",
        id_order: "1",
        document_type: "factura",
        rut: "76.192.083-9",
        business_name: "Compras SpA",
        activity: "Comercio",
      },
    });
    expect(o.buyer).toMatchObject({
      document: "factura",
      rut: "76192083-9",
      businessName: "Compras SpA",
      activity: "Comercio",
    });
  });

  it("never passes on a RUT with a wrong check digit, and says which order", () => {
    const r = mapOrder({ ...base, currencies: clp, invoiceAddress: { ...base.invoiceAddress!, dni: "76192083-8" } });
    expect(r.order.buyer?.rut).toBeUndefined();
    expect(r.warnings.join(" ")).toContain("76192083-8");
  });

  it("spreads the order's discount over its lines without exceeding any", () => {
    const discounted = { ...order, total_discounts_tax_incl: 10 };
    const { order: o } = mapOrder({ ...base, order: discounted, currencies: clp });
    const parsed = NormalizedOrderSchema.parse(o);
    expect(parsed.lines.reduce((a, l) => a + l.discount, 0)).toBe(10);
    expect(parsed.lines.map((l) => l.discount)).toEqual([4, 6]);
  });

  it("a later state change within the same second still reads as newer", () => {
    const a = mapOrder({ ...base, currencies: clp, historyCount: 1 }).order.updatedAt;
    const b = mapOrder({ ...base, currencies: clp, historyCount: 2 }).order.updatedAt;
    expect(new Date(b).getTime()).toBeGreaterThan(new Date(a).getTime());
    expect(new Date(a).toISOString().slice(0, 19)).toBe(order.date_upd.replace(" ", "T"));
  });

  it("reads the status from the shop's own state ids and paid flags", () => {
    expect(orderStatus(config.states.paid, config, states)).toBe("paid");
    expect(orderStatus(config.states.shipped, config, states)).toBe("paid");
    expect(orderStatus(config.states.cancelled, config, states)).toBe("cancelled");
    expect(orderStatus(config.states.refunded, config, states)).toBe("cancelled");
    expect(orderStatus("10", config, states)).toBe("pending");
    expect(orderStatus(config.states.error, config, states)).toBe("pending");
  });
});
