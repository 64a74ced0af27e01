import type { Store } from "@prisma/client";
import { chunk } from "../../rules/stock/pacing.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction } from "../db/run-transaction.js";
import type { InventoryUpdate } from "../platform/catalog-port.js";
import { systemClock, type Clock } from "../platform/clock.js";
import type { PacedPort } from "../platform/paced-port.js";
import { ensureStoreStock } from "./store-sync-config.js";

export interface PublishOptions {
  clock?: Clock;
  /** Stop starting new requests after this long; the rest is reported as `remaining`. */
  budgetMs?: number;
  /** How long this publisher owns the store before another may take over (renewed as it goes). */
  leaseMs?: number;
  onProgress?: (p: { done: number; total: number }) => void;
  actor?: string;
}

export interface PublishReport {
  /** Another publisher holds this store's lease: nothing was done. */
  busy: boolean;
  /** Items whose quantity the store accepted. */
  pushed: number;
  requests: number;
  throttled: number;
  /** Items the platform refused (unknown id, validation): retried on the next publish. */
  failed: number;
  /** Store-side edits found and overwritten (the back office is the master of stock). */
  overwritten: number;
  /** Items still different from what the store shows. */
  remaining: number;
}

interface PendingRow {
  id: string;
  sku: string;
  productId: string;
  variantId: string | null;
  inventoryItemId: string | null;
  published: number | null;
  available: number;
}

/** Items persisted per round trip to the database, whatever the platform's batch size. */
const PERSIST_EVERY = 100;

/**
 * Pushes to one store the quantities that differ from what it was last known to show, in batches of
 * the platform's size, each request paced by the store's rate limiter. Progress is written after
 * every few requests, so a crash repeats at most that much (absolute quantities: repeating is harmless).
 */
export async function publishStoreStock(
  db: Db,
  store: Pick<Store, "id" | "companyId">,
  port: PacedPort,
  options: PublishOptions = {},
): Promise<PublishReport> {
  const clock = options.clock ?? systemClock;
  const leaseMs = options.leaseMs ?? 120_000;
  const started = clock.now();
  const requestsBefore = port.requests;
  const throttledBefore = port.throttled;
  await runTransaction(db, (tx) => ensureStoreStock(tx, store));
  const report: PublishReport = {
    busy: false,
    pushed: 0,
    requests: 0,
    throttled: 0,
    failed: 0,
    overwritten: 0,
    remaining: 0,
  };
  if (!(await takeLease(db, store.id, leaseMs))) return { ...report, busy: true };
  const overwrittenSample: Array<{ sku: string; store: number; hub: number }> = [];
  try {
    const total = await countPendingPublish(db, store.id);
    let done = 0;
    let after = "00000000-0000-0000-0000-000000000000";
    const group = Math.max(port.limits.inventoryBatchSize, PERSIST_EVERY);
    while (options.budgetMs === undefined || clock.now() - started < options.budgetMs) {
      const rows = await pending(db, store.id, after, group);
      const last = rows[rows.length - 1];
      if (!last) break;
      after = last.id;
      const ok: Array<{ id: string; quantity: number }> = [];
      const failed: Array<{ id: string; message: string }> = [];
      for (const batch of chunk(rows, port.limits.inventoryBatchSize)) {
        const updates = batch.map(toUpdate);
        const outcomes = await port.setInventory(updates);
        const forced: Array<{ row: PendingRow; update: InventoryUpdate }> = [];
        batch.forEach((row, i) => {
          const o = outcomes[i];
          if (!o) failed.push({ id: row.id, message: "no outcome from the platform" });
          else if (o.ok) ok.push({ id: row.id, quantity: row.available });
          else if (o.reason === "stale") {
            // Someone changed it on the store: the back office wins, and the change is logged.
            forced.push({ row, update: { ...updates[i]!, expected: o.actual } });
            if (overwrittenSample.length < 50)
              overwrittenSample.push({ sku: row.sku, store: o.actual, hub: row.available });
            report.overwritten++;
          } else failed.push({ id: row.id, message: `${o.reason}: ${o.message}` });
        });
        for (const retry of chunk(forced, port.limits.inventoryBatchSize)) {
          const again = await port.setInventory(retry.map((f) => f.update));
          retry.forEach((f, i) => {
            const o = again[i];
            if (o?.ok) ok.push({ id: f.row.id, quantity: f.row.available });
            else
              failed.push({
                id: f.row.id,
                message:
                  o && !o.ok
                    ? `${o.reason}: ${"message" in o ? o.message : `store shows ${o.actual}`}`
                    : "no outcome from the platform",
              });
          });
        }
      }
      await persist(db, store.id, ok, failed, leaseMs);
      report.pushed += ok.length;
      report.failed += failed.length;
      done += rows.length;
      options.onProgress?.({ done: Math.min(done, total), total });
    }
    report.remaining = await countPendingPublish(db, store.id);
    await db.$executeRaw`UPDATE "StoreSyncConfig" SET "lastPublishedAt" = (now() AT TIME ZONE 'UTC') WHERE "storeId" = ${store.id}::uuid`;
  } finally {
    report.requests = port.requests - requestsBefore;
    report.throttled = port.throttled - throttledBefore;
    await db.$executeRaw`UPDATE "StoreSyncConfig" SET "publishLeaseUntil" = NULL WHERE "storeId" = ${store.id}::uuid`;
  }
  if (report.pushed > 0 || report.failed > 0 || report.overwritten > 0) {
    await recordAudit(db, {
      companyId: store.companyId,
      storeId: store.id,
      subjectType: "store",
      subjectId: store.id,
      action: report.overwritten > 0 ? "stock.published_overwriting_store_edits" : "stock.published",
      actor: options.actor ?? "hub",
      data: {
        pushed: report.pushed,
        failed: report.failed,
        requests: report.requests,
        overwritten: report.overwritten,
        overwrittenSample,
      },
    });
  }
  return report;
}

function toUpdate(r: PendingRow): InventoryUpdate {
  return {
    ref: {
      productId: r.productId,
      variantId: r.variantId ?? undefined,
      inventoryItemId: r.inventoryItemId ?? undefined,
    },
    sku: r.sku,
    quantity: r.available,
    expected: r.published,
  };
}

async function takeLease(db: Db, storeId: string, leaseMs: number): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>`
    UPDATE "StoreSyncConfig" SET "publishLeaseUntil" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${leaseMs / 1000})
    WHERE "storeId" = ${storeId}::uuid AND ("publishLeaseUntil" IS NULL OR "publishLeaseUntil" < (now() AT TIME ZONE 'UTC'))
    RETURNING "storeId"`;
  return rows.length > 0;
}

/** Listings the store can be pushed to (platform ids known, SKU matched or duplicated) whose number differs. */
async function pending(db: Db, storeId: string, after: string, limit: number): Promise<PendingRow[]> {
  return db.$queryRaw<PendingRow[]>`
    SELECT l.id::text AS id, l.sku, l."platformProductId" AS "productId", l."platformVariantId" AS "variantId", l."inventoryItemId" AS "inventoryItemId",
           l."publishedQuantity" AS published, sv.available
    FROM "StoreListing" l JOIN "StoreVariant" sv ON sv."storeId" = l."storeId" AND sv."variantId" = l."variantId"
    WHERE l."storeId" = ${storeId}::uuid AND l."platformProductId" IS NOT NULL AND l.status IN ('matched', 'duplicate')
      AND l."publishedQuantity" IS DISTINCT FROM sv.available AND l.id > ${after}::uuid
    ORDER BY l.id
    LIMIT ${limit}`;
}

/** Items of a store whose published number differs from what it should show. */
export async function countPendingPublish(db: Db, storeId: string): Promise<number> {
  const [row] = await db.$queryRaw<Array<{ n: bigint }>>`
    SELECT count(*) AS n FROM "StoreListing" l JOIN "StoreVariant" sv ON sv."storeId" = l."storeId" AND sv."variantId" = l."variantId"
    WHERE l."storeId" = ${storeId}::uuid AND l."platformProductId" IS NOT NULL AND l.status IN ('matched', 'duplicate')
      AND l."publishedQuantity" IS DISTINCT FROM sv.available`;
  return Number(row?.n ?? 0);
}

async function persist(
  db: Db,
  storeId: string,
  ok: ReadonlyArray<{ id: string; quantity: number }>,
  failed: ReadonlyArray<{ id: string; message: string }>,
  leaseMs: number,
): Promise<void> {
  await db.$transaction([
    db.$executeRaw`
      UPDATE "StoreListing" l SET "publishedQuantity" = x.quantity, "publishedAt" = (now() AT TIME ZONE 'UTC'), "lastError" = NULL
      FROM unnest(${ok.map((o) => o.id)}::uuid[], ${ok.map((o) => o.quantity)}::int[]) AS x(id, quantity) WHERE l.id = x.id`,
    db.$executeRaw`
      UPDATE "StoreListing" l SET "lastError" = x.message
      FROM unnest(${failed.map((f) => f.id)}::uuid[], ${failed.map((f) => f.message.slice(0, 500))}::text[]) AS x(id, message) WHERE l.id = x.id`,
    db.$executeRaw`
      UPDATE "StoreSyncConfig" SET "publishLeaseUntil" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${leaseMs / 1000}) WHERE "storeId" = ${storeId}::uuid`,
  ]);
}
