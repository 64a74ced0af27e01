import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMeliClient } from "../src/client/meli-client.js";
import { readSaleOrder } from "../src/connector/read-sale-order.js";
import { deliveryAddress } from "../src/orders/delivery-address.js";
import { ShipmentSchema } from "../src/orders/meli-schemas.js";
import { connectedEmulator, type Connected } from "./support/emulator-client.js";

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

describe("readOrder's delivery, from the emulator's shipments", () => {
  let c: Connected;
  const SELLER = "1234567890";
  beforeAll(async () => {
    c = await connectedEmulator();
  });
  afterAll(async () => {
    await c.emulator.close();
  });
  const read = async (mode: "me1" | "me2" | "custom") => {
    const item = c.emulator.addItem(SELLER, { title: "Taza", price: 5990, quantity: 5, sku: `T-${mode}` });
    const sale = c.emulator.addSale(SELLER, {
      pack: true,
      orders: [{ items: [{ itemId: item.id, quantity: 1 }] }],
      shipping: { mode },
    });
    const client = createMeliClient({ apiUrl: c.config.apiUrl, accessToken: async () => c.credentials.accessToken });
    const { read: r } = await readSaleOrder(client, sale.packId!, Date.now);
    if (!r.ok) throw new Error("unreadable");
    return r.delivery;
  };

  it("an ME1 or custom-shipping sale comes with the receiver's address; an ME2 one with none", async () => {
    expect(await read("me1")).toMatchObject({
      line1: "Av. Providencia 1234",
      comuna: "Providencia",
      name: "Comprador Prueba",
      shippingMethod: "Mercado Envíos 1",
    });
    expect(await read("custom")).toMatchObject({ comuna: "Providencia" });
    expect(await read("me2")).toBeUndefined();
  });
});
