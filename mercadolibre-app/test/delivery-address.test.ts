import { describe, expect, it } from "vitest";
import { deliveryAddress } from "../src/orders/delivery-address.js";
import { ShipmentSchema } from "../src/orders/meli-schemas.js";

const shipment = (mode: string, over: Record<string, unknown> = {}) =>
  ShipmentSchema.parse({
    id: 43000000001,
    mode,
    logistic_type: mode === "me2" ? "cross_docking" : "default",
    status: "ready_to_ship",
    receiver_address: {
      address_line: "Av. Providencia 1234",
      street_name: "Av. Providencia",
      street_number: 1234,
      comment: "Depto 502",
      zip_code: "7500000",
      city: { name: "Providencia" },
      state: { name: "RM (Santiago)" },
      receiver_name: "Juana Pérez",
      receiver_phone: "+56 9 1234 5678",
      ...over,
    },
  });

describe("the delivery address of a Mercado Libre sale", () => {
  it("ME1 and custom shipping (the seller ships) get the receiver's address, the city as comuna", () => {
    expect(deliveryAddress(shipment("me1"))).toEqual({
      name: "Juana Pérez",
      line1: "Av. Providencia 1234",
      line2: "Depto 502",
      comuna: "Providencia",
      region: "RM (Santiago)",
      postalCode: "7500000",
      phone: "+56 9 1234 5678",
      shippingMethod: "Mercado Envíos 1",
    });
    expect(deliveryAddress(shipment("custom"))).toMatchObject({ shippingMethod: "Envío propio (Mercado Libre)" });
  });

  it("builds the street from its parts when ML gives no address line", () => {
    expect(deliveryAddress(shipment("me1", { address_line: null }))?.line1).toBe("Av. Providencia 1234");
  });

  it("Mercado Envíos 2 (ML's own logistics) and a sale without a shipment need no delivery of ours", () => {
    expect(deliveryAddress(shipment("me2"))).toBeUndefined();
    expect(deliveryAddress(undefined)).toBeUndefined();
  });
});
