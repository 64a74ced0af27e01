import { z } from "zod";
import { syncStatus } from "../../sync/sync-status.js";
import { json } from "../http.js";
import type { Route } from "../router.js";
import { authenticateStore } from "../store-auth.js";
import type { StockRouteDeps } from "./stock.js";

const ListingRef = z.object({ productId: z.string().nullable(), variantId: z.string().nullable(), title: z.string() });

const SyncStatusSchema = z.object({
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
});

export function syncRoutes(deps: StockRouteDeps): Route[] {
  return [
    {
      method: "GET",
      path: "/api/v1/sync/status",
      doc: {
        summary:
          "The calling store's last sync (progress: done/total, rate, ETA), its unmatched, duplicated and SKU-less items, and what is left to publish",
        tags: ["sync"],
        auth: "store",
        responses: { 200: { description: "Sync status and report", schema: SyncStatusSchema } },
      },
      async handler({ request }) {
        const store = await authenticateStore(deps.db, deps.encryptor, request, undefined);
        return json(await syncStatus(deps.db, store.id));
      },
    },
  ];
}
