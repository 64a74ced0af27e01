import { z } from "zod";
import type { Db } from "../db/prisma-client.js";
import { PermanentFailure, type JobHandler } from "../jobs/worker.js";
import { registeredCatalogAdapters, type CatalogAdapters } from "../platform/adapter-registry.js";
import type { Clock } from "../platform/clock.js";
import { pacedPort } from "../platform/paced-port.js";
import { storeRateLimiter } from "../platform/rate-limiter.js";
import { publishStoreStock } from "./publish-store-stock.js";
import { PUBLISH_STOCK_JOB, schedulePublish } from "./schedule-publish.js";

export interface StockJobDeps {
  db: Db;
  /** Which stores can be pushed to; defaults to the adapters the platform parts registered. */
  adapters?: CatalogAdapters;
  clock?: Clock;
  /** Longest a publish job runs before handing over to a fresh job (default 60 s). */
  budgetMs?: number;
}

const PublishPayload = z.object({ storeId: z.uuid() });

/** After a refused item, the next try waits this long instead of hammering the platform. */
const RETRY_FAILED_MS = 60_000;

/** The stock jobs, for the hub's worker: `stock.publish` pushes one store's changed quantities. */
export function stockJobHandlers(deps: StockJobDeps): Record<string, JobHandler> {
  const adapters = deps.adapters ?? registeredCatalogAdapters;
  return {
    [PUBLISH_STOCK_JOB]: async (payload, ctx) => {
      const parsed = PublishPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure(`bad ${PUBLISH_STOCK_JOB} payload`);
      const store = await deps.db.store.findUnique({ where: { id: parsed.data.storeId } });
      if (!store) return;
      // Stores without a push adapter (WooCommerce, PrestaShop) pull GET /api/v1/stock instead.
      const adapter = adapters(store);
      if (!adapter) return;
      const port = pacedPort(adapter, storeRateLimiter(store.id, adapter.limits, deps.clock));
      const report = await publishStoreStock(deps.db, store, port, {
        budgetMs: deps.budgetMs ?? 60_000,
        ...(deps.clock ? { clock: deps.clock } : {}),
      });
      if (report.busy) ctx.retryIn(5_000);
      if (report.remaining > 0) await schedulePublish(deps.db, [store.id], report.failed > 0 ? RETRY_FAILED_MS : 0);
    },
  };
}
