import { describe, expect, it } from "vitest";
import { prestashopConnector, SetupFields } from "../connector/connector.js";
import { carrierMethods } from "../connector/map-carriers.js";
import { mapCustomer } from "../connector/map-customer.js";
import { mapSlip } from "../connector/map-refund.js";
import { AddressSchema, CarrierSchema, CustomerSchema, OrderSchema, OrderSlipSchema } from "../connector/resources.js";
import { dateToShopTime, shopTimeToDate } from "../connector/shop-time.js";

const order = OrderSchema.parse({
  id: 9,
  reference: "XKBKNABJK",
  id_customer: 3,
  id_address_delivery: 5,
  id_address_invoice: 5,
  id_carrier: 2,
  id_currency: 1,
  current_state: 2,
  date_upd: "2026-12-01 13:41:11",
  total_shipping_tax_incl: "3990.000000",
  associations: {
    order_rows: [
      {
        id: 21,
        product_id: 1,
        product_attribute_id: 1,
        product_quantity: 2,
        unit_price_tax_incl: "9990",
        unit_price_tax_excl: "8395",
      },
      { id: 22, product_id: 2, product_quantity: 1, unit_price_tax_incl: "4990", unit_price_tax_excl: "4193" },
    ],
  },
});

describe("PrestaShop payloads as the hub's", () => {
  it("an order slip gives back its rows; one without rows (made through the webservice) the whole order", () => {
    const withRows = OrderSlipSchema.parse({
      id: 4,
      id_order: 9,
      associations: { order_slip_details: [{ id: 1, id_order_detail: 21, product_quantity: 1 }] },
    });
    expect(mapSlip(withRows, order)).toEqual({
      externalId: "slip-4",
      reason: "Devolución (vale N° 4 del pedido XKBKNABJK)",
      lines: [{ externalId: "21", quantity: 1 }],
      shipping: false,
    });
    const whole = OrderSlipSchema.parse({ id: 5, id_order: 9, shipping_cost: "1" });
    expect(mapSlip(whole, order)).toMatchObject({
      lines: [
        { externalId: "21", quantity: 2 },
        { externalId: "22", quantity: 1 },
      ],
      shipping: true,
    });
  });

  it("a guest account gets a guest customer; the address with a valid RUT carries the fiscal data", () => {
    const c = CustomerSchema.parse({
      id: 3,
      email: "Ana@Example.cl",
      firstname: "Ana",
      lastname: "Pérez",
      is_guest: "1",
    });
    const addresses = [
      AddressSchema.parse({ id: 1, address1: "Calle 1", city: "Ñuñoa", dni: "1-8" }),
      AddressSchema.parse({
        id: 2,
        address1: "Av. Apoquindo 3000",
        city: "Las Condes",
        dni: "76.192.083-9",
        company: "Compras SpA",
      }),
    ];
    expect(mapCustomer(c, addresses)).toMatchObject({
      guest: true,
      email: "ana@example.cl",
      name: "Ana Pérez",
      rut: "76192083-9",
      businessName: "Compras SpA",
      commune: "Las Condes",
    });
    // JSON output leaves out is_guest when it is 0: an account holder.
    expect(mapCustomer(CustomerSchema.parse({ id: 4, email: "x@example.cl" }), [])).toMatchObject({ guest: false });
  });

  it("maps live carriers the merchant has not mapped: pickups by name, the rest as external carriers", () => {
    const carriers = [
      { id: 1, name: "Retiro en tienda", active: "1", is_free: "1" },
      { id: 2, name: "Starken", active: "1" },
      { id: 3, name: "Viejo", active: "0" },
      { id: 4, name: "Chilexpress", active: "1", deleted: "1" },
      { id: 5, name: "Despacho propio", active: "1" },
    ].map((c) => CarrierSchema.parse(c));
    expect(carrierMethods(carriers, new Set(["despacho propio"]))).toEqual([
      { method: "Retiro en tienda", mode: "pickup" },
      { method: "Starken", mode: "carrier", carrier: "Starken" },
    ]);
  });

  it("shop times in the shop's zone become instants and back", () => {
    const d = shopTimeToDate("2026-07-01 10:00:00", "America/Santiago")!;
    expect(d.toISOString()).toBe("2026-07-01T14:00:00.000Z");
    expect(dateToShopTime(d, "America/Santiago")).toBe("2026-07-01 10:00:00");
    expect(shopTimeToDate("0000-00-00 00:00:00", "UTC")).toBeUndefined();
  });

  it("store create takes the shop's address and its webservice key, and keeps the key as a credential", () => {
    const c = prestashopConnector();
    const input = SetupFields.parse({
      url: "https://Tienda.cl/shop/",
      webserviceKey: "79DFD8308E51A7AC506CA3F5FB571063",
    });
    expect(c.setup!.toStore(input)).toEqual({
      shopDomain: "tienda.cl/shop",
      credentials: { webserviceKey: "79DFD8308E51A7AC506CA3F5FB571063" },
      settings: { url: "https://tienda.cl/shop" },
    });
    expect(SetupFields.safeParse({ url: "ftp://x", webserviceKey: "short" }).success).toBe(false);
  });
});
