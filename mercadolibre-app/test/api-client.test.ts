import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeCatalogPortContract } from "@timbre/core/testing/platform-contract";
import { createMeliClient } from "../src/client/meli-client.js";
import { MeliApiError } from "../src/client/meli-error.js";
import { MeliGrantRevoked, refreshCredentials } from "../src/oauth/oauth-client.js";
import { mapSale } from "../src/orders/map-sale.js";
import { readSale, readSaleOfOrder, readOrder } from "../src/orders/read-sale.js";
import { meliFulfillmentPort } from "../src/shipments/fulfillment-port.js";
import { meliCatalogPort, type SellerProfile } from "../src/stock/catalog-port.js";
import { setUserProductQuantity } from "../src/stock/user-product-stock.js";
import { PlatformThrottledError } from "@timbre/core/platform-parts";
import { authorize, connectedEmulator, type Connected } from "./support/emulator-client.js";

let c: Connected;
const SELLER = "1234567890";
beforeAll(async () => {
  c = await connectedEmulator();
});
afterAll(async () => {
  await c.emulator.close();
});

describe("OAuth against the emulator", () => {
  it("exchanges the code in a form body and gets a 6-hour token for the seller", () => {
    expect(c.credentials.userId).toBe(SELLER);
    expect(c.credentials.expiresAt - Date.now()).toBeGreaterThan(21_500_000);
    expect(c.emulator.world.tokenUses.filter((u) => u.grant === "authorization_code" && u.ok)).toHaveLength(1);
  });

  it("spends each refresh token once: the new pair works, the old token is refused with invalid_grant", async () => {
    const first = await authorize(c.emulator, c.config);
    const second = await refreshCredentials(c.config, first, Date.now());
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await expect(refreshCredentials(c.config, first, Date.now())).rejects.toBeInstanceOf(MeliGrantRevoked);
    const third = await refreshCredentials(c.config, second, Date.now());
    expect(third.accessToken).toBeTruthy();
  });

  it("a revoked grant refuses both the API and the refresh", async () => {
    c.emulator.addSeller({ userId: "999000111" });
    const creds = await authorize(c.emulator, c.config, "999000111");
    c.emulator.revoke("999000111");
    const client = createMeliClient({ apiUrl: c.config.apiUrl, accessToken: async () => creds.accessToken });
    await expect(client.get("/users/me")).rejects.toMatchObject({ status: 401, kind: "unauthorized" });
    await expect(refreshCredentials(c.config, creds, Date.now())).rejects.toBeInstanceOf(MeliGrantRevoked);
  });

  it("turns a 429 into PlatformThrottledError with Mercado Libre's Retry-After", async () => {
    c.emulator.throttleNext(1, "/users/me");
    const err = await c.client.get("/users/me").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformThrottledError);
    expect((err as PlatformThrottledError).retryAfterMs).toBe(1000);
    await expect(c.client.get("/users/me")).resolves.toMatchObject({ id: Number(SELLER) });
  });
});

describe("reading a sale", () => {
  it("reads a two-order pack whole from one of its orders, with billing and shipment", async () => {
    const a = c.emulator.addItem(SELLER, { title: "Taza", quantity: 10, sku: "TAZA-1", price: 5990 });
    const b = c.emulator.addItem(SELLER, { title: "Plato", quantity: 10, sku: "PLATO-1", price: 7990 });
    const s = c.emulator.addSale(SELLER, {
      orders: [{ items: [{ itemId: a.id, quantity: 1 }] }, { items: [{ itemId: b.id, quantity: 2 }] }],
      billingInfo: { name: "Juana", last_name: "Pérez", identification: { type: "RUT", number: "123456785" } },
    });
    const order = await readOrder(c.client, s.orderIds[1]!);
    const sale = await readSaleOfOrder(c.client, order!);
    expect(sale.id).toBe(s.packId);
    expect(sale.orders.map((o) => o.id).sort()).toEqual([...s.orderIds].sort());
    const mapped = mapSale(sale, new Date());
    expect(mapped.order.lines).toHaveLength(2);
    expect(mapped.order.buyer).toMatchObject({ document: "boleta", rut: "12345678-5" });
    expect(mapped.shipmentId).toBe(s.shipmentId);
    const again = await readSale(c.client, s.packId!);
    expect(again?.orders).toHaveLength(2);
    expect(await readSale(c.client, "2000000000000404")).toBeNull();
  });
});

const profile = async (): Promise<SellerProfile> => ({ userId: SELLER, multiWarehouse: false, warehouseStoreId: null });

describeCatalogPortContract("Mercado Libre items", async () => {
  const conn = await connectedEmulator();
  const port = meliCatalogPort(conn.client, profile);
  return {
    port,
    async seed(items) {
      return items.map((i) => {
        const item = conn.emulator.addItem(SELLER, {
          title: i.title,
          ...(i.variant
            ? {
                variations: [
                  { quantity: i.quantity, sku: i.sku },
                  { quantity: 1, sku: `${i.sku ?? "x"}-OTRA` },
                ],
              }
            : { quantity: i.quantity, sku: i.sku }),
        });
        return i.variant ? { productId: item.id, variantId: item.variations[0]!.id } : { productId: item.id };
      });
    },
    async readQuantity(ref) {
      const item = conn.emulator.world.items.get(ref.productId)!;
      return ref.variantId
        ? item.variations.find((v) => v.id === ref.variantId)!.availableQuantity
        : item.availableQuantity;
    },
    async editQuantity(ref, quantity) {
      const item = conn.emulator.world.items.get(ref.productId)!;
      if (ref.variantId) item.variations.find((v) => v.id === ref.variantId)!.availableQuantity = quantity;
      else item.availableQuantity = quantity;
    },
    close: () => conn.emulator.close(),
  };
});

describe("stock writes", () => {
  it("PUT /items keeps every variation: ours changes, the others keep their quantity and sales", async () => {
    const item = c.emulator.addItem(SELLER, {
      title: "Polera",
      variations: [
        { quantity: 3, sku: "POL-S" },
        { quantity: 4, sku: "POL-M" },
        { quantity: 5, sku: "POL-L" },
      ],
    });
    c.emulator.sell(item.id, item.variations[2]!.id, 1);
    const port = meliCatalogPort(c.client, profile);
    const out = await port.setInventory([
      { ref: { productId: item.id, variantId: item.variations[1]!.id }, sku: "POL-M", quantity: 9, expected: 4 },
    ]);
    expect(out).toEqual([{ ok: true }]);
    const now = c.emulator.world.items.get(item.id)!;
    expect(now.variations.map((v) => [v.sku, v.availableQuantity, v.sold])).toEqual([
      ["POL-S", 3, 0],
      ["POL-M", 9, 0],
      ["POL-L", 4, 1],
    ]);
  });

  it("a user product: x-version on every write; a 409 re-reads and keeps the sale that happened meanwhile", async () => {
    const item = c.emulator.addItem(SELLER, {
      title: "Zapatilla",
      logisticType: "fulfillment",
      userProduct: {
        locations: [
          { type: "meli_facility", quantity: 20 },
          { type: "selling_address", quantity: 6 },
        ],
      },
    });
    const up = item.userProductId!;
    const world = c.emulator.world;
    // A buyer buys 2 between our read and our write: ML answers 409 to the stale version.
    let sold = false;
    const racing = createMeliClient({
      apiUrl: c.config.apiUrl,
      accessToken: async () => c.credentials.accessToken,
      fetch: async (input, init) => {
        if (!sold && init?.method === "PUT") {
          sold = true;
          c.emulator.sell(item.id, null, 2);
        }
        return fetch(input, init);
      },
    });
    const outcome = await setUserProductQuantity(racing, up, 10, 6, null);
    expect(outcome).toEqual({ ok: true });
    const writes = world.stockWrites.filter((w) => w.path.includes(up));
    expect(writes.map((w) => w.status)).toEqual([409, 200]);
    expect(writes[0]!.version).toBe("1");
    expect(writes[1]!.version).toBe("2");
    // 10 was what we meant to show; 2 sold meanwhile stay sold.
    expect(world.userProducts.get(up)!.locations.find((l) => l.type === "selling_address")!.quantity).toBe(8);
    expect(world.userProducts.get(up)!.locations.find((l) => l.type === "meli_facility")!.quantity).toBe(20);
  });

  it("a user product changed before our write is stale: the hub decides", async () => {
    const item = c.emulator.addItem(SELLER, {
      title: "Gorro",
      logisticType: "fulfillment",
      userProduct: { locations: [{ type: "selling_address", quantity: 5 }] },
    });
    c.emulator.sell(item.id, null, 1);
    expect(await setUserProductQuantity(c.client, item.userProductId!, 9, 5, null)).toEqual({
      ok: false,
      reason: "stale",
      actual: 4,
    });
    expect(await setUserProductQuantity(c.client, item.userProductId!, 9, 4, null)).toEqual({ ok: true });
  });

  it("lists a Full item through its user product and writes it there", async () => {
    const item = c.emulator.addItem(SELLER, {
      title: "Mochila",
      sku: "MOCH-1",
      logisticType: "fulfillment",
      userProduct: {
        locations: [
          { type: "meli_facility", quantity: 7 },
          { type: "selling_address", quantity: 2 },
        ],
      },
    });
    const port = meliCatalogPort(c.client, profile);
    let cursor: string | null = null;
    const all = [];
    do {
      const page = await port.listListings(cursor);
      all.push(...page.listings);
      cursor = page.nextCursor;
    } while (cursor);
    const listing = all.find((l) => l.ref.productId === item.id)!;
    expect(listing).toMatchObject({ sku: "MOCH-1", quantity: 2, ref: { inventoryItemId: `up:${item.userProductId}` } });
    expect(await port.setInventory([{ ref: listing.ref, sku: "MOCH-1", quantity: 3, expected: 2 }])).toEqual([
      { ok: true },
    ]);
    expect(c.emulator.world.itemWrites.filter((w) => w.itemId === item.id)).toEqual([]);
  });

  it("multi-warehouse sellers write their depot with every depot sent", async () => {
    c.emulator.addSeller({
      userId: "777000111",
      tags: ["normal", "user_product_seller", "warehouse_management"],
      depots: [
        { id: "100", networkNodeId: "CLP1", description: "Bodega Centro" },
        { id: "101", networkNodeId: "CLP2", description: "Bodega Sur" },
      ],
    });
    const creds = await authorize(c.emulator, c.config, "777000111");
    const client = createMeliClient({ apiUrl: c.config.apiUrl, accessToken: async () => creds.accessToken });
    const item = c.emulator.addItem("777000111", {
      title: "Silla",
      sku: "SILLA",
      userProduct: {
        locations: [
          { type: "seller_warehouse", storeId: "100", networkNodeId: "CLP1", quantity: 3 },
          { type: "seller_warehouse", storeId: "101", networkNodeId: "CLP2", quantity: 8 },
        ],
      },
    });
    const port = meliCatalogPort(client, async () => ({
      userId: "777000111",
      multiWarehouse: true,
      warehouseStoreId: "101",
    }));
    const page = await port.listListings(null);
    const listing = page.listings.find((l) => l.ref.productId === item.id)!;
    expect(listing.quantity).toBe(8);
    expect(await port.setInventory([{ ref: listing.ref, sku: "SILLA", quantity: 5, expected: 8 }])).toEqual([
      { ok: true },
    ]);
    const locs = c.emulator.world.userProducts.get(item.userProductId!)!.locations;
    expect(locs.map((l) => [l.storeId, l.quantity])).toEqual([
      ["100", 3],
      ["101", 5],
    ]);
  });
});

describe("shipments the seller ships", () => {
  it("ME1: shipped with tracking, then delivered, once each", async () => {
    const item = c.emulator.addItem(SELLER, { title: "Lámpara", quantity: 4, sku: "LAMP" });
    const s = c.emulator.addSale(SELLER, {
      orders: [{ items: [{ itemId: item.id, quantity: 1 }] }],
      shipping: { mode: "me1" },
    });
    const port = meliFulfillmentPort(c.client);
    const tracking = { number: "TMB-123", carrier: "Timbre", url: "https://hub.example/t/TMB-123" };
    await port.markFulfilled(s.orderIds[0]!, { status: "shipped", tracking });
    await port.markFulfilled(s.orderIds[0]!, { status: "shipped", tracking });
    await port.markFulfilled(s.orderIds[0]!, { status: "completed", tracking });
    const shipment = c.emulator.world.shipments.get(s.shipmentId!)!;
    expect(shipment.status).toBe("delivered");
    expect(shipment.trackingNumber).toBe("TMB-123");
    expect(shipment.sellerNotifications.map((n) => (n as { status: string }).status)).toEqual(["shipped", "delivered"]);
  });

  it("ME2 needs nothing from us", async () => {
    const item = c.emulator.addItem(SELLER, { title: "Cojín", quantity: 4, sku: "COJ" });
    const s = c.emulator.addSale(SELLER, {
      orders: [{ items: [{ itemId: item.id, quantity: 1 }] }],
      shipping: { mode: "me2" },
    });
    await meliFulfillmentPort(c.client).markFulfilled(s.orderIds[0]!, { status: "shipped", tracking: null });
    expect(c.emulator.world.shipments.get(s.shipmentId!)!.sellerNotifications).toEqual([]);
  });

  it("an unknown order is a 404 error, not a crash", async () => {
    await expect(c.client.get("/orders/2000000000000404")).rejects.toBeInstanceOf(MeliApiError);
  });
});
