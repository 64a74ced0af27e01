import type { Prisma, Store } from "@prisma/client";
import { recordAudit } from "../audit/record-audit.js";
import { recordStoreListings } from "../catalog/record-store-listings.js";
import { rematchListings } from "../catalog/rematch-listings.js";
import { addImages, upsertProducts } from "../catalog/upsert-products.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction } from "../db/run-transaction.js";
import { registeredCatalogAdapters, type CatalogAdapters } from "../platform/adapter-registry.js";
import type { PlatformListing } from "../platform/catalog-port.js";
import { systemClock, type Clock } from "../platform/clock.js";
import { pacedPort } from "../platform/paced-port.js";
import { storeRateLimiter } from "../platform/rate-limiter.js";
import { publishStoreStock } from "../stock/publish-store-stock.js";
import { refreshStoreVariants } from "../stock/refresh-store-variants.js";
import { requireStore } from "../stock/require-store.js";
import { ensureStoreStock } from "../stock/store-sync-config.js";
import { listingReport, type ListingReport } from "./listing-report.js";

export type SyncPhase = "reading" | "matching" | "publishing" | "done";

export interface SyncProgress {
  phase: SyncPhase;
  done: number;
  total: number;
  startedAt: number;
  now: number;
}

export interface SyncReport extends ListingReport {
  /** "push": the hub wrote stock to the store; "pull": the store reads GET /api/v1/stock. */
  mode: "push" | "pull";
  productsCreated: number;
  productsUpdated: number;
  imagesImported: number;
  published: number;
  overwritten: number;
  failed: number;
  requests: number;
}

export interface SyncOptions {
  adapters?: CatalogAdapters;
  clock?: Clock;
  onProgress?: (p: SyncProgress) => void;
  /** Called once the run's row exists, so a caller starting it in the background can return then. */
  onRunCreated?: (runId: string) => void;
  actor: string;
}

/** How often the run's row is updated for GET /api/v1/sync/status while it runs. */
const SAVE_PROGRESS_MS = 1_000;

/**
 * Initial (or repeated full) sync of a store: reads every listing, matches by SKU, imports product
 * data when the merchant turned that on and images the hub lacks, publishes every quantity that
 * differs from what the store shows, and ends with a report of unmatched, duplicated and missing
 * SKUs. Progress is kept in a SyncRun row and handed to `onProgress`.
 */
export async function runStoreSync(
  db: Db,
  storeId: string,
  options: SyncOptions,
): Promise<{ runId: string; report: SyncReport }> {
  const clock = options.clock ?? systemClock;
  const store = await requireStore(db, storeId);
  await runTransaction(db, (tx) => ensureStoreStock(tx, store));
  const adapter = (options.adapters ?? registeredCatalogAdapters)(store);
  const run = await db.syncRun.create({ data: { storeId, phase: "reading" } });
  options.onRunCreated?.(run.id);
  const startedAt = clock.now();
  let lastSaved = 0;
  let requests = 0;
  // Progress writes are chained, so a late one never lands after the final state.
  let saving: Promise<unknown> = Promise.resolve();
  const progress = (phase: SyncPhase, done: number, total: number, force = false): Promise<unknown> => {
    const now = clock.now();
    options.onProgress?.({ phase, done, total, startedAt, now });
    if (force || now - lastSaved >= SAVE_PROGRESS_MS) {
      lastSaved = now;
      saving = saving.then(() => db.syncRun.update({ where: { id: run.id }, data: { phase, done, total, requests } }));
    }
    return saving;
  };
  try {
    const extra = {
      productsCreated: 0,
      productsUpdated: 0,
      imagesImported: 0,
      published: 0,
      overwritten: 0,
      failed: 0,
    };
    if (adapter) {
      const port = pacedPort(adapter, storeRateLimiter(store.id, adapter.limits, clock));
      const images = await readListings(db, store, port, (done, total) => {
        requests = port.requests;
        return progress("reading", done, total);
      });
      await progress("matching", 0, 1, true);
      Object.assign(extra, await importProductData(db, store, options.actor));
      extra.imagesImported = await importImages(db, store, images);
      const published = await publishStoreStock(db, store, port, {
        clock,
        actor: options.actor,
        onProgress: (p) => {
          requests = port.requests;
          void progress("publishing", p.done, p.total).catch(() => undefined);
        },
      });
      requests = port.requests;
      extra.published = published.pushed;
      extra.overwritten = published.overwritten;
      extra.failed = published.failed;
    } else {
      await progress("matching", 0, 1, true);
      await runTransaction(db, async (tx) => {
        await rematchListings(tx, store.companyId, { storeIds: [store.id] });
        await refreshStoreVariants(tx, store.companyId, { storeIds: [store.id] });
      });
    }
    await saving;
    const report: SyncReport = {
      ...(await listingReport(db, store.id)),
      mode: adapter ? "push" : "pull",
      requests,
      ...extra,
    };
    await db.syncRun.update({
      where: { id: run.id },
      data: {
        state: "done",
        phase: "done",
        done: report.counts.listings,
        total: report.counts.listings,
        requests,
        report: report as unknown as Prisma.InputJsonObject,
        finishedAt: new Date(),
      },
    });
    await recordAudit(db, {
      companyId: store.companyId,
      storeId,
      subjectType: "store",
      subjectId: storeId,
      action: "store.synced",
      actor: options.actor,
      data: {
        runId: run.id,
        ...report.counts,
        published: report.published,
        overwritten: report.overwritten,
        productsCreated: report.productsCreated,
      },
    });
    options.onProgress?.({
      phase: "done",
      done: report.counts.listings,
      total: report.counts.listings,
      startedAt,
      now: clock.now(),
    });
    return { runId: run.id, report };
  } catch (e) {
    await saving.catch(() => undefined);
    await db.syncRun.update({
      where: { id: run.id },
      data: {
        state: "failed",
        error: String((e as Error)?.message ?? e).slice(0, 1000),
        finishedAt: new Date(),
        requests,
      },
    });
    throw e;
  }
}

/** Reads every page into the store's listings; listings the store no longer has are dropped. */
async function readListings(
  db: Db,
  store: Store,
  port: {
    listListings(
      cursor: string | null,
    ): Promise<{ listings: PlatformListing[]; nextCursor: string | null; total?: number | undefined }>;
  },
  onPage: (done: number, total: number) => Promise<unknown>,
): Promise<Map<string, string[]>> {
  const seenAt = new Date();
  const images = new Map<string, string[]>();
  let cursor: string | null = null;
  let done = 0;
  do {
    const page = await port.listListings(cursor);
    await runTransaction(db, (tx) =>
      recordStoreListings(
        tx,
        store,
        page.listings.map((l) => ({
          sku: l.sku?.trim() || null,
          title: l.title,
          price: l.price,
          ref: l.ref,
          quantity: l.quantity,
        })),
        seenAt,
      ),
    );
    for (const l of page.listings) if (l.sku && l.imageUrls.length > 0) images.set(l.sku.trim(), l.imageUrls);
    done += page.listings.length;
    cursor = page.nextCursor;
    await onPage(done, Math.max(done, page.total ?? (cursor ? done + page.listings.length : done)));
  } while (cursor);
  await runTransaction(db, async (tx) => {
    await tx.storeListing.deleteMany({ where: { storeId: store.id, seenAt: { lt: seenAt } } });
    await rematchListings(tx, store.companyId, { storeIds: [store.id] });
    await refreshStoreVariants(tx, store.companyId, { storeIds: [store.id] });
  });
  return images;
}

/** With "product data from the store" on: new SKUs become hub products and names and prices follow the store. */
async function importProductData(
  db: Db,
  store: Store,
  actor: string,
): Promise<{ productsCreated: number; productsUpdated: number }> {
  const config = await db.storeSyncConfig.findUnique({ where: { storeId: store.id } });
  if (!config?.productDataFromStore) return { productsCreated: 0, productsUpdated: 0 };
  const listings = await db.storeListing.findMany({
    where: { storeId: store.id, status: { in: ["matched", "unmatched"] } },
    orderBy: { key: "asc" },
  });
  let productsCreated = 0;
  let productsUpdated = 0;
  for (let i = 0; i < listings.length; i += 100) {
    const items = listings
      .slice(i, i + 100)
      .filter((l): l is typeof l & { sku: string } => l.sku !== null)
      .map((l) => ({ sku: l.sku, name: l.title.slice(0, 80), price: l.price ?? 0 }));
    const result = await upsertProducts(db, store.companyId, items, { actor });
    productsCreated += result.results.filter((r) => r.status === "created").length;
    productsUpdated += result.results.filter((r) => r.status === "updated").length;
  }
  return { productsCreated, productsUpdated };
}

/** Products the hub has no images for take the store's. */
async function importImages(db: Db, store: Store, images: Map<string, string[]>): Promise<number> {
  if (images.size === 0) return 0;
  const bare = await db.productVariant.findMany({
    where: { companyId: store.companyId, sku: { in: [...images.keys()] }, product: { images: { none: {} } } },
    select: { sku: true, productId: true },
  });
  let imported = 0;
  const done = new Set<string>();
  for (const v of bare) {
    if (done.has(v.productId)) continue;
    done.add(v.productId);
    imported += await db.$transaction((tx) =>
      addImages(tx, { id: v.productId, images: [] }, images.get(v.sku) ?? [], "store"),
    );
  }
  return imported;
}
