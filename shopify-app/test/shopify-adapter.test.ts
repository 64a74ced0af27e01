import { PlatformThrottledError } from "@timbre/core/platform-parts";
import { describeCatalogPortContract } from "@timbre/core/testing/platform-contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCatalogInBulk } from "../src/shopify/bulk-catalog.js";
import { shopifyCatalogPort } from "../src/shopify/catalog-adapter.js";
import { shopifyDocumentWriteBack } from "../src/shopify/document-write-back.js";
import { shopifyFulfillmentPort } from "../src/shopify/fulfillment-adapter.js";
import { ShopifyGraphqlClient } from "../src/shopify/graphql-client.js";
import { ORDER } from "../src/shopify/graphql-operations.js";
import { normalizeShopifyOrder } from "../src/shopify/order-mapper.js";
import orderFixture from "../src/testing/fixtures/rest-2026-07-order.json" with { type: "json" };
import { startShopifyEmulator, type ShopifyEmulator } from "../src/testing/shopify-emulator.js";

const KEY = "test-api-key";
const SECRET = "test-api-secret";
const SHOP = "adapter-test.myshopify.com";

function clientFor(emulator: ShopifyEmulator, shop = SHOP, sleep?: (ms: number) => Promise<void>) {
  const { accessToken } = emulator.install(shop);
  return new ShopifyGraphqlClient({
    shop,
    origin: emulator.url,
    accessToken: async () => accessToken,
    ...(sleep ? { sleep } : {}),
  });
}

describeCatalogPortContract("shopify (GraphQL Admin, emulator)", async () => {
  const emulator = await startShopifyEmulator({ apiKey: KEY, apiSecret: SECRET });
  const shop = emulator.shop(SHOP);
  const port = shopifyCatalogPort(clientFor(emulator), { locationId: async () => shop.defaultLocationId });
  return {
    port,
    async seed(items) {
      return items.map((item) => {
        const product = shop.addProduct({
          title: item.title,
          variants: item.variant
            ? [
                { sku: item.sku, title: "M", available: item.quantity },
                { sku: item.sku ? `${item.sku}-L` : null, title: "L", available: 0 },
              ]
            : [{ sku: item.sku, available: item.quantity }],
        });
        const v = shop.variants.get(product.variantIds[0]!)!;
        return { productId: product.id, variantId: v.id, inventoryItemId: v.inventoryItemId };
      });
    },
    readQuantity: async (ref) => shop.available(ref.inventoryItemId!),
    editQuantity: async (ref, q) => shop.setAvailable(ref.inventoryItemId!, q),
    close: () => emulator.close(),
  };
});

describe("shopify adapter against the emulator", () => {
  let emulator: ShopifyEmulator;
  beforeAll(async () => {
    emulator = await startShopifyEmulator({ apiKey: KEY, apiSecret: SECRET });
  });
  afterAll(() => emulator?.close());

  it("keeps ids above 2^53 exact, as strings, from listing to write", async () => {
    const shop = emulator.shop("ids.myshopify.com");
    const product = shop.addProduct({ title: "Taza grande", variants: [{ sku: "TAZA-G", available: 4 }] });
    expect(BigInt(product.id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const port = shopifyCatalogPort(clientFor(emulator, "ids.myshopify.com"), {
      locationId: async () => shop.defaultLocationId,
    });
    const page = await port.listListings(null);
    expect(page.listings[0]!.ref.productId).toBe(product.id);
    // Without the inventory item id the adapter looks it up by variant, then writes.
    const [outcome] = await port.setInventory([
      { ref: { productId: product.id, variantId: product.variantIds[0]! }, sku: "TAZA-G", quantity: 9, expected: 4 },
    ]);
    expect(outcome).toEqual({ ok: true });
    expect(shop.available(shop.variants.get(product.variantIds[0]!)!.inventoryItemId)).toBe(9);
  });

  it("sends changeFromQuantity and an idempotency key: the same write retried is applied once", async () => {
    const shop = emulator.shop("idem.myshopify.com");
    const product = shop.addProduct({ title: "Polera", variants: [{ sku: "POL-1", available: 5 }] });
    const v = shop.variants.get(product.variantIds[0]!)!;
    const port = shopifyCatalogPort(clientFor(emulator, "idem.myshopify.com"), {
      locationId: async () => shop.defaultLocationId,
      now: () => 1_000,
    });
    const update = {
      ref: { productId: product.id, variantId: v.id, inventoryItemId: v.inventoryItemId },
      sku: "POL-1",
      quantity: 3,
      expected: 5,
    };
    expect(await port.setInventory([update])).toEqual([{ ok: true }]);
    const sent = emulator.requests.filter(
      (r) => r.operation === "TimbreSetInventory" && r.shop === "idem.myshopify.com",
    );
    const input = sent[0]!.variables.input as { quantities: Array<{ changeFromQuantity: number | null }> };
    expect(input.quantities[0]!.changeFromQuantity).toBe(5);
    expect(typeof sent[0]!.variables.idempotencyKey).toBe("string");
    // A merchant edit in between, then the retry of the same request: replayed, not applied again.
    shop.setAvailable(v.inventoryItemId, 5);
    expect(await port.setInventory([update])).toEqual([{ ok: true }]);
    expect(shop.available(v.inventoryItemId)).toBe(5);
  });

  it("turns THROTTLED (HTTP 200) into PlatformThrottledError with the wait the bucket needs", async () => {
    const shop = emulator.shop("throttle.myshopify.com");
    shop.addProduct({ title: "Algo", variants: [{ sku: "A", available: 1 }] });
    const client = clientFor(emulator, "throttle.myshopify.com");
    const port = shopifyCatalogPort(client, { locationId: async () => shop.defaultLocationId });
    emulator.setBucket({ maximumAvailable: 100, restoreRate: 10, currentlyAvailable: 5 });
    try {
      const error = await port.listListings(null).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlatformThrottledError);
      // The page costs 52 points, 5 are there, 10 come back per second: about 4.7 s (less what refilled meanwhile on a busy machine).
      expect((error as PlatformThrottledError).retryAfterMs).toBeGreaterThanOrEqual(3_000);
      expect((error as PlatformThrottledError).retryAfterMs).toBeLessThanOrEqual(5_000);
      expect(client.throttle?.status.currentlyAvailable).toBeLessThan(52);
    } finally {
      emulator.setBucket({ maximumAvailable: 1000, restoreRate: 100 });
    }
  });

  it("retries throttles and 5xx in jobs (request), waiting as told", async () => {
    const waits: number[] = [];
    const shop = emulator.shop("retry.myshopify.com");
    shop.putRestOrder({ ...orderFixture.order, financial_status: "paid" });
    const client = clientFor(emulator, "retry.myshopify.com", async (ms) => void waits.push(ms));
    emulator.failNext(2, 502);
    const data = await client.request<{ order: { name: string } }>(ORDER, { id: "gid://shopify/Order/450789469" });
    expect(data.order.name).toBe("#1001");
    expect(waits).toHaveLength(2);
  });

  it("waits for the cost bucket before sending when the last answer said it is low", async () => {
    const waits: number[] = [];
    const shop = emulator.shop("pace.myshopify.com");
    shop.putRestOrder({ ...orderFixture.order, financial_status: "paid" });
    const client = clientFor(emulator, "pace.myshopify.com", async (ms) => void waits.push(ms));
    emulator.setBucket({ maximumAvailable: 100, restoreRate: 10, currentlyAvailable: 30 });
    try {
      await client.request(ORDER, { id: "gid://shopify/Order/450789469" }, { expectedCost: 20 });
      expect(waits).toEqual([]);
      expect(client.throttle!.status.currentlyAvailable).toBe(16);
      await client.request(ORDER, { id: "gid://shopify/Order/450789469" }, { expectedCost: 20 });
      // 16 left, 20 wanted, 10 points/s: about 400 ms (less what refilled meanwhile; a busy machine may be slow).
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThan(0);
      expect(waits[0]).toBeLessThanOrEqual(400);
      expect(emulator.requests.filter((r) => r.shop === "pace.myshopify.com" && r.throttled)).toEqual([]);
    } finally {
      emulator.setBucket({ maximumAvailable: 1000, restoreRate: 100 });
    }
  });

  it("reads the catalogue with a bulk operation, polling until it completes", async () => {
    const shop = emulator.shop("bulk.myshopify.com");
    shop.addProduct({
      title: "Mochila",
      variants: [
        { sku: "MOC-A", title: "Azul", available: 2 },
        { sku: "MOC-R", title: "Roja", available: 0 },
      ],
    });
    const listings = await readCatalogInBulk(clientFor(emulator, "bulk.myshopify.com"), { sleep: async () => {} });
    expect(listings.map((l) => [l.sku, l.quantity])).toEqual([
      ["MOC-A", 2],
      ["MOC-R", 0],
    ]);
    expect(emulator.requests.filter((r) => r.shop === "bulk.myshopify.com").map((r) => r.operation)).toEqual([
      "TimbreBulkCatalog",
      "TimbreBulkStatus",
      "TimbreBulkStatus",
    ]);
  });

  it("writes folio, type, SII state and PDF link as $app metafields plus a tag, never overwriting other tags", async () => {
    const shop = emulator.shop("wb.myshopify.com");
    const order = shop.putRestOrder({ ...orderFixture.order, tags: "vip" });
    const wb = shopifyDocumentWriteBack(clientFor(emulator, "wb.myshopify.com"));
    const notice = {
      orderExternalId: "450789469",
      documentId: "d1",
      kind: "sale" as const,
      type: 39,
      typeName: "BOLETA ELECTRÓNICA",
      folio: 1234,
      state: "accepted" as const,
      total: 598,
      pdfUrl: "https://hub.example/d/1.pdf",
      xmlUrl: "https://hub.example/d/1.xml",
      pdf: async () => Buffer.alloc(0),
    };
    await wb.documentChanged(notice);
    await wb.documentChanged(notice); // repeated notices are harmless
    await wb.documentChanged({
      ...notice,
      kind: "credit_note",
      type: 61,
      typeName: "NOTA DE CRÉDITO ELECTRÓNICA",
      folio: 7,
    });
    const mf = Object.fromEntries([...order.metafields.values()].map((m) => [m.key, m]));
    expect(mf.folio).toMatchObject({ namespace: "app--timbre", value: "1234", type: "number_integer" });
    expect(mf.tipo_dte!.value).toBe("39");
    expect(mf.estado_sii!.value).toBe("accepted");
    expect(mf.pdf_url!.value).toBe("https://hub.example/d/1.pdf");
    expect(JSON.parse(mf.dte_61_7!.value)).toMatchObject({ folio: 7, type: 61 });
    expect([...order.tags].sort()).toEqual(["Timbre Boleta 1234", "Timbre NC 7", "vip"]);
  });

  it("fulfils with tracking once, then only updates the tracking", async () => {
    const shop = emulator.shop("ful.myshopify.com");
    const order = shop.putRestOrder({ ...orderFixture.order });
    const port = shopifyFulfillmentPort(clientFor(emulator, "ful.myshopify.com"));
    await port.markFulfilled("450789469", { status: "shipped", tracking: { number: "BX1", carrier: "Blue Express" } });
    await port.markFulfilled("450789469", {
      status: "completed",
      tracking: { number: "BX2", carrier: "Blue Express" },
    });
    expect(order.fulfillments).toHaveLength(1);
    expect(order.fulfillments[0]!.tracking).toEqual({ company: "Blue Express", number: "BX2", url: null });
  });

  it("normalizes the re-read order: string ids, whole pesos, fiscal data from cart attributes", async () => {
    const shop = emulator.shop("norm.myshopify.com");
    shop.putRestOrder({
      ...orderFixture.order,
      id: "820982911946154508",
      financial_status: "paid",
      taxes_included: true,
      note_attributes: [
        { name: "timbre_documento", value: "factura" },
        { name: "timbre_rut", value: "76.192.083-9" },
        { name: "timbre_razon_social", value: "Comercial Ñandú SpA" },
        { name: "timbre_giro", value: "Venta al por menor" },
      ],
    });
    const data = await clientFor(emulator, "norm.myshopify.com").request<{ order: unknown }>(ORDER, {
      id: "gid://shopify/Order/820982911946154508",
    });
    const o = normalizeShopifyOrder(data.order);
    expect(o.externalId).toBe("820982911946154508");
    expect(o.status).toBe("paid");
    expect(o.buyer).toMatchObject({
      document: "factura",
      rut: "76192083-9",
      businessName: "Comercial Ñandú SpA",
      activity: "Venta al por menor",
    });
    expect(o.lines.map((l) => [l.externalId, l.sku, l.unitPrice])).toEqual([
      ["466157049", "IPOD2008GREEN", 199],
      ["518995019", "IPOD2008RED", 199],
      ["703073504", "IPOD2008BLACK", 199],
    ]);
  });
});
