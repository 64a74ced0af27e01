import { z } from "@hono/zod-openapi";
import { syncStatus } from "../../sync/sync-status.js";
import { startStoreSync } from "../../sync/start-store-sync.js";
import { logger } from "../../logging/logger.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json } from "../http.js";
import { actorOf, type RouteDeps } from "./deps.js";

const ListingRef = z.object({ productId: z.string().nullable(), variantId: z.string().nullable(), title: z.string() });

const SyncStatusSchema = z
  .object({
    run: z
      .object({
        id: z.string(),
        state: z.enum(["running", "done", "failed"]),
        phase: z.string(),
        done: z.number(),
        total: z.number(),
        rate: z.number().describe("items per second"),
        etaSeconds: z.number().nullable(),
        requests: z.number(),
        startedAt: z.string(),
        finishedAt: z.string().nullable(),
        error: z.string().nullable(),
      })
      .nullable(),
    report: z.object({
      counts: z.object({
        listings: z.number(),
        matched: z.number(),
        unmatched: z.number(),
        duplicate: z.number(),
        missingSku: z.number(),
      }),
      unmatched: z.array(z.object({ sku: z.string(), title: z.string() })),
      duplicates: z.array(z.object({ sku: z.string(), listings: z.array(ListingRef) })),
      missingSku: z.array(ListingRef),
    }),
    publish: z.object({ pending: z.number(), lastPublishedAt: z.string().nullable() }),
  })
  .openapi("SyncStatus", {
    example: {
      run: null,
      report: {
        counts: { listings: 0, matched: 0, unmatched: 0, duplicate: 0, missingSku: 0 },
        unmatched: [],
        duplicates: [],
        missingSku: [],
      },
      publish: { pending: 0, lastPublishedAt: null },
    },
  });

export function syncRoutes(deps: RouteDeps): ApiRoute[] {
  return [
    apiRoute({
      method: "GET",
      path: "/api/v1/sync/status",
      summary:
        "The calling store's last sync (progress: done/total, rate, ETA), its unmatched, duplicated and SKU-less items, and what is left to publish",
      tags: ["sync"],
      auth: "store",
      responses: { 200: { description: "Sync status and report", schema: SyncStatusSchema } },
      handler: async ({ store }) => json(await syncStatus(deps.db, store.id)),
    }),
    apiRoute({
      method: "POST",
      path: "/api/v1/sync/run",
      summary:
        'Start a full sync of the calling store now (the admin\'s "Sincronizar ahora"); returns once the run shows in /api/v1/sync/status',
      tags: ["sync"],
      auth: "store",
      responses: {
        202: { description: "Started", schema: z.object({ started: z.literal(true) }) },
        409: { description: "A sync of this store is already running" },
      },
      handler: async ({ store }) => {
        const result = await startStoreSync(deps.db, store.id, {
          actor: actorOf(store),
          onError: (e) =>
            logger.error({ storeId: store.id, error: (e as Error)?.message ?? String(e) }, "store sync failed"),
        });
        deps.onQueued?.();
        return json(result, 202);
      },
    }),
  ];
}
