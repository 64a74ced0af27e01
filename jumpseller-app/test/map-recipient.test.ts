import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mapDeliveryRequest } from "../src/orders/map-recipient.js";

const address = (over: Record<string, unknown> = {}) => ({
  name: "Ana",
  surname: "Pérez",
  address: "Av. Italia",
  street_number: 1234,
  complement: "depto 5",
  city: "Santiago",
  municipality: "Ñuñoa",
  region: "Región Metropolitana",
  postal: "7750000",
  country_code: "CL",
  ...over,
});

describe("a Jumpseller order's shipping address → the hub's delivery request", () => {
  it("takes the recipient, the comuna from municipality, the customer's phone and the method name", () => {
    expect(
      mapDeliveryRequest({
        shipping_method_name: " Despacho propio ",
        customer: { phone: "+56911112222" },
        shipping_address: address(),
      }),
    ).toEqual({
      shippingMethod: "Despacho propio",
      recipient: {
        name: "Ana Pérez",
        line1: "Av. Italia 1234",
        line2: "depto 5",
        comuna: "Ñuñoa",
        region: "Región Metropolitana",
        postalCode: "7750000",
        phone: "+56911112222",
      },
    });
  });

  it("falls back to city for the comuna, as many Chilean stores fill it", () => {
    expect(
      mapDeliveryRequest({ shipping_address: address({ municipality: null, city: "Providencia" }) })?.recipient.comuna,
    ).toBe("Providencia");
  });

  it("asks for no delivery without a Chilean street address", () => {
    expect(mapDeliveryRequest({})).toBeUndefined();
    expect(mapDeliveryRequest({ shipping_address: null })).toBeUndefined();
    expect(mapDeliveryRequest({ shipping_address: address({ address: "", street_number: null }) })).toBeUndefined();
    expect(mapDeliveryRequest({ shipping_address: address({ municipality: null, city: null }) })).toBeUndefined();
    // Jumpseller's own example order ships to London.
    const fixture = JSON.parse(
      readFileSync(
        new URL("./fixtures/webhook-order-example-support-doc.json", import.meta.url),
        "utf8",
      ),
    ) as { order: unknown };
    expect(mapDeliveryRequest(fixture.order)).toBeUndefined();
  });
});
