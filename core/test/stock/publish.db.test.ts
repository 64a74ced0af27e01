import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveOrderSkus } from "../../src/hub/catalog/resolve-order-skus.js";
import { upsertProducts } from "../../src/hub/catalog/upsert-products.js";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { startWorker } from "../../src/hub/jobs/worker.js";
import type { CatalogAdapters } from "../../src/hub/platform/adapter-registry.js";
import { virtualClock } from "../../src/hub/platform/clock.js";
import { PLATFORM_LIMITS } from "../../src/hub/platform/limits.js";
import { minimumDurationMs } from "../../src/rules/stock/pacing.js";
import { createWarehouse } from "../../src/hub/stock/create-warehouse.js";
import { recordMovements } from "../../src/hub/stock/record-movements.js";
import { recordStoreStockEdit } from "../../src/hub/stock/record-store-stock-edit.js";
import { stockJobHandlers } from "../../src/hub/stock/stock-jobs.js";
import { setStoreSyncConfig } from "../../src/hub/stock/store-sync-config.js";
import { storeStock } from "../../src/hub/stock/store-stock.js";
import { runStoreSync, type SyncProgress } from "../../src/hub/sync/run-store-sync.js";
import { syncStatus } from "../../src/hub/sync/sync-status.js";
import { createFakePlatform, type FakeItem, type FakePlatform } from "../../src/testing/fake-platform.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { connectStore, createCompany } from "./fixture.js";

describe("publishing stock to stores through the platform port", () => {
  let tdb: TestDatabase;
  let db: Db;
  let companyId: string;
  const clock = virtualClock(Date.parse("2026-11-23T12:00:00Z"));
  const fakes = new Map<string, FakePlatform>();
  const adapters: CatalogAdapters = (store) => fakes.get(store.id)?.port;
  let shopify: { id: string; companyId: string };
  let shop: FakePlatform;

  const runJobs = async () => {
    await db.job.updateMany({ where: { state: "queued" }, data: { runAt: new Date(0) } });
    const worker = startWorker(db, { handlers: stockJobHandlers({ db, adapters, clock }) }, false);
    const n = await worker.drain();
    await worker.stop();
    return n;
  };
  const hubShows = async (store: { id: string; companyId: string }, sku: string) =>
    (await storeStock(db, store, { limit: 10, skus: [sku] })).items[0]!.available;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
    companyId = (await createCompany(db)).id;
    await createWarehouse(db, companyId, { code: "SCL", name: "Santiago" }, "test");
    const skus = Array.from({ length: 30 }, (_, i) => `SKU-${String(i).padStart(3, "0")}`);
    await upsertProducts(
      db,
      companyId,
      [...skus, "DUP"].map((sku) => ({ sku, name: `Producto ${sku}`, price: 1000 })),
      { actor: "test" },
    );
    await upsertProducts(
      db,
      companyId,
      [{ sku: "SKU-000", name: "Producto SKU-000", price: 1000, images: ["https://hub.example/0.jpg"] }],
      { actor: "test" },
    );
    await recordMovements(
      db,
      companyId,
      skus.map((sku, i) => ({ sku, warehouse: "SCL", kind: "in" as const, quantity: i + 0.5 })),
      { actor: "test" },
    );
    shopify = { id: (await connectStore(db, companyId, "shopify")).id, companyId };
    shop = createFakePlatform({ limits: PLATFORM_LIMITS.shopify, clock });
    fakes.set(shopify.id, shop);
    let n = 5_000_000_000_000_000_000n;
    const id = () => String(++n);
    const items: FakeItem[] = [
      // The first ten already show what the hub has; the rest drifted.
      ...skus.map((sku, i) => ({
        productId: id(),
        variantId: id(),
        inventoryItemId: id(),
        sku,
        title: `Producto ${sku}`,
        quantity: i < 10 ? i : 100,
        imageUrls: [`https://cdn.shop/${sku}.jpg`],
      })),
      { productId: id(), variantId: id(), sku: "DUP", title: "Duplicado A", quantity: 1 },
      { productId: id(), variantId: id(), sku: "DUP", title: "Duplicado B", quantity: 1 },
      { productId: id(), sku: null, title: "Sin SKU", quantity: 4 },
      { productId: id(), sku: "SOLO-TIENDA", title: "Sólo en la tienda", price: 2990, quantity: 3 },
    ];
    shop.seed(items);
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("initial sync: matches by SKU, reports what it cannot, and pushes only what differs, in full batches", async () => {
    const progress: SyncProgress[] = [];
    const { report } = await runStoreSync(db, shopify.id, {
      adapters,
      clock,
      actor: "test",
      onProgress: (p) => progress.push(p),
    });
    expect(report.counts).toEqual({ listings: 34, matched: 30, unmatched: 1, duplicate: 2, missingSku: 1 });
    expect(report.unmatched).toEqual([{ sku: "SOLO-TIENDA", title: "Sólo en la tienda" }]);
    expect(report.duplicates.map((d) => [d.sku, d.listings.length])).toEqual([["DUP", 2]]);
    expect(report.missingSku).toEqual([expect.objectContaining({ title: "Sin SKU" })]);
    // 20 drifted SKUs and the duplicate pair (published as 0): one inventorySetQuantities call.
    expect(report.published).toBe(22);
    expect(shop.inventoryRequests).toBe(1);
    expect(shop.bySku("SKU-025")[0]!.quantity).toBe(25);
    expect(shop.bySku("DUP").map((i) => i.quantity)).toEqual([0, 0]);
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(["reading", "matching", "publishing", "done"]));
    expect(progress.at(-1)).toMatchObject({ phase: "done", done: 34, total: 34 });
    // Images come from the store only where the hub had none.
    expect(report.imagesImported).toBe(29);
    const own = await db.product.findFirstOrThrow({ where: { companyId, key: "SKU-000" }, include: { images: true } });
    expect(own.images.map((i) => i.url)).toEqual(["https://hub.example/0.jpg"]);
    const status = await syncStatus(db, shopify.id);
    expect(status.run).toMatchObject({ state: "done", phase: "done", done: 34, total: 34, etaSeconds: 0 });
    expect(status.publish.pending).toBe(0);
    expect(await resolveOrderSkus(db, shopify, ["DUP"])).toMatchObject({ duplicated: ["DUP"] });
  });

  it("after movements, one job pushes just the SKUs whose shown number changed", async () => {
    const before = shop.inventoryRequests;
    await recordMovements(
      db,
      companyId,
      [
        { sku: "SKU-001", warehouse: "SCL", kind: "in", quantity: 5 },
        { sku: "SKU-002", warehouse: "SCL", kind: "out", quantity: 0.5 },
        { sku: "SKU-003", warehouse: "SCL", kind: "adjust", quantity: 0.2 },
      ],
      { actor: "test" },
    );
    expect(await runJobs()).toBe(1);
    expect(shop.inventoryRequests - before).toBe(1);
    expect(shop.bySku("SKU-001")[0]!.quantity).toBe(6);
    expect(shop.bySku("SKU-002")[0]!.quantity).toBe(2);
    // SKU-002 (2.5 → 2) and SKU-003 (3.5 → 3.7) still show the same whole units: nothing to push.
    expect(shop.itemsWritten).toBe(22 + 1);
  });

  it("overwrites and logs a stock edit made in the store", async () => {
    const [item] = shop.bySku("SKU-004");
    shop.edit({ productId: item!.productId, variantId: item!.variantId }, 99);
    await recordMovements(db, companyId, [{ sku: "SKU-004", warehouse: "SCL", kind: "out", quantity: 1 }], {
      actor: "test",
    });
    await runJobs();
    expect(shop.bySku("SKU-004")[0]!.quantity).toBe(3);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { storeId: shopify.id, action: "stock.published_overwriting_store_edits" },
    });
    expect(audit.data).toMatchObject({ overwritten: 1, overwrittenSample: [{ sku: "SKU-004", store: 99, hub: 3 }] });

    // A webhook tells of another edit: logged, and the next publish puts the hub's number back.
    const [five] = shop.bySku("SKU-005");
    shop.edit({ productId: five!.productId, variantId: five!.variantId }, 50);
    expect(
      await recordStoreStockEdit(
        db,
        shopify,
        { ref: { productId: five!.productId, variantId: five!.variantId }, quantity: 50 },
        "webhook",
      ),
    ).toEqual({ overwritten: true, hub: 5 });
    await runJobs();
    expect(shop.bySku("SKU-005")[0]!.quantity).toBe(5);
    expect(await db.auditEvent.count({ where: { storeId: shopify.id, action: "stock.store_edit_overwritten" } })).toBe(
      1,
    );
    // Our own write echoing back is not an edit.
    expect(
      await recordStoreStockEdit(
        db,
        shopify,
        { ref: { productId: five!.productId, variantId: five!.variantId }, quantity: 5 },
        "webhook",
      ),
    ).toEqual({ overwritten: false, hub: 5 });
  });

  it("paces a one-item-per-request platform at its rate limit without ever being throttled", async () => {
    const js = { id: (await connectStore(db, companyId, "jumpseller")).id, companyId };
    const fake = createFakePlatform({ limits: PLATFORM_LIMITS.jumpseller, clock });
    fakes.set(js.id, fake);
    let n = 0;
    fake.seed(
      Array.from({ length: 30 }, (_, i) => ({
        productId: String(++n),
        sku: `SKU-${String(i).padStart(3, "0")}`,
        title: "x",
        quantity: 0,
      })),
    );
    const t0 = clock.now();
    const { report } = await runStoreSync(db, js.id, { adapters, clock, actor: "test" });
    // 29 SKUs have stock (SKU-000 has 0.5: shows 0, as the store already does).
    expect(report.published).toBe(29);
    expect(fake.inventoryRequests).toBe(29);
    expect(fake.throttledResponses).toBe(0);
    expect(clock.now() - t0).toBeGreaterThanOrEqual(minimumDurationMs(30, PLATFORM_LIMITS.jumpseller));
  });

  it("imports product data from the store only when the merchant turns it on", async () => {
    expect(await db.productVariant.count({ where: { companyId, sku: "SOLO-TIENDA" } })).toBe(0);
    await setStoreSyncConfig(db, shopify.id, { productDataFromStore: true }, "test");
    const { report } = await runStoreSync(db, shopify.id, { adapters, clock, actor: "test" });
    expect(report.productsCreated).toBe(1);
    const created = await db.productVariant.findUniqueOrThrow({
      where: { companyId_sku: { companyId, sku: "SOLO-TIENDA" } },
    });
    expect([created.name, created.price]).toEqual(["Sólo en la tienda", 2990]);
    expect(report.counts.unmatched).toBe(0);
    expect(await hubShows(shopify, "SOLO-TIENDA")).toBe(0);
    expect(shop.bySku("SOLO-TIENDA")[0]!.quantity).toBe(0);
  });

  it("a store without a push adapter is matched and reported; it pulls its numbers", async () => {
    const woo = { id: (await connectStore(db, companyId, "woocommerce")).id, companyId };
    await upsertProducts(
      db,
      companyId,
      [
        { sku: "SKU-010", name: "x", price: 1 },
        { sku: "NUEVO-WOO", name: "y", price: 1 },
      ],
      { actor: "api", store: woo },
    );
    const { report } = await runStoreSync(db, woo.id, { adapters, clock, actor: "test" });
    expect(report).toMatchObject({ mode: "pull", published: 0, counts: { listings: 2, matched: 2 } });
    expect(await hubShows(woo, "SKU-010")).toBe(10);
  });
});
