import type { SyncRun } from "@prisma/client";
import { progressStats } from "../../rules/stock/progress.js";
import type { Db } from "../db/prisma-client.js";
import { countPendingPublish } from "../stock/publish-store-stock.js";
import { listingReport, type ListingReport } from "./listing-report.js";

export interface SyncRunView {
  id: string;
  state: string;
  phase: string;
  done: number;
  total: number;
  /** Items per second so far. */
  rate: number;
  etaSeconds: number | null;
  requests: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface SyncStatus {
  run: SyncRunView | null;
  report: ListingReport;
  publish: { pending: number; lastPublishedAt: string | null };
}

export function syncRunView(r: SyncRun, now = Date.now()): SyncRunView {
  const end = r.finishedAt?.getTime() ?? now;
  const s = progressStats({ done: r.done, total: r.total, startedAt: r.startedAt.getTime(), now: end });
  return {
    id: r.id,
    state: r.state,
    phase: r.phase,
    done: r.done,
    total: r.total,
    rate: Math.round(s.rate * 10) / 10,
    etaSeconds:
      r.state === "running" && s.etaSeconds !== null ? Math.ceil(s.etaSeconds) : r.state === "running" ? null : 0,
    requests: r.requests,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    error: r.error,
  };
}

/** The last sync of a store (progress while it runs), what is wrong with its catalog now, and what is left to publish. */
export async function syncStatus(db: Db, storeId: string): Promise<SyncStatus> {
  const run = await db.syncRun.findFirst({ where: { storeId }, orderBy: { startedAt: "desc" } });
  const config = await db.storeSyncConfig.findUnique({ where: { storeId } });
  return {
    run: run ? syncRunView(run) : null,
    report: await listingReport(db, storeId),
    publish: {
      pending: await countPendingPublish(db, storeId),
      lastPublishedAt: config?.lastPublishedAt?.toISOString() ?? null,
    },
  };
}
