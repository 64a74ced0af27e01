import type { InboxEventView } from "@timbre/core/platforms";
import { z } from "zod";
import type { MeliClient } from "../client/meli-client.js";
import { Id } from "../orders/meli-schemas.js";
import { NotificationSchema } from "./notifications.js";
import type { MeliStore } from "./store-client.js";
import { syncSale } from "./sync-sale.js";

/** The first sweep after install looks back this far. */
const FIRST_LOOK_BACK_MS = 24 * 60 * 60_000;
/** Each run starts a little before the last order seen: ML's search index lags its writes. */
const OVERLAP_MS = 2 * 60_000;
const PAGE = 50;
const MAX_PAGES = 20;

/**
 * Only what the sweep needs of each hit: which sale it is and when it changed. The sale is read again
 * whole by syncSale, so one order ML returns in a shape we cannot use becomes a problem on that
 * order, never a sweep that fails on every run and stops catching the rest.
 */
const SearchHitSchema = z.looseObject({
  id: Id,
  pack_id: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v == null || v === "" ? null : String(v))),
  date_last_updated: z.string().nullish().catch(null),
  last_updated: z.string().nullish().catch(null),
});
const SearchSchema = z.object({
  results: z.array(z.unknown()).default([]),
  paging: z.object({ total: z.coerce.number().optional() }).partial().optional(),
});
const MissedSchema = z.object({ messages: z.array(z.unknown()).default([]) }).partial();

export interface SweepDeps {
  appId: string;
  client(store: MeliStore): MeliClient;
  now: () => number;
  /** The topic handlers, for what `/missed_feeds` says we did not answer. */
  topics: Record<string, (event: InboxEventView, store: MeliStore) => Promise<void>>;
}

/**
 * What notifications missed: `/orders/search` by `order.date_last_updated.from` (the filter ML
 * honours; `order.last_updated.from` is silently ignored, research A3), oldest first, each sale read
 * again and received once per run; then `/missed_feeds` for our app, handled like a notification.
 * The cursor is the newest update seen.
 */
export async function sweepSeller(
  store: MeliStore,
  since: string | null,
  deps: SweepDeps,
): Promise<{ cursor: string | null }> {
  const client = deps.client(store);
  const seller = store.settingsSnapshot.userId ?? store.shopDomain ?? (await store.credentials.read())?.userId;
  if (!seller) return { cursor: since };
  const from = new Date(since ? Date.parse(since) - OVERLAP_MS : deps.now() - FIRST_LOOK_BACK_MS).toISOString();
  const seen = new Set<string>();
  let newest = since ? Date.parse(since) : deps.now() - FIRST_LOOK_BACK_MS;
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = await client.get("/orders/search", {
      seller,
      "order.date_last_updated.from": from,
      sort: "date_asc",
      offset: page * PAGE,
      limit: PAGE,
    });
    const { results } = SearchSchema.parse(body ?? {});
    for (const raw of results) {
      const hit = SearchHitSchema.safeParse(raw);
      if (!hit.success) continue;
      const o = hit.data;
      const updated = Date.parse(o.date_last_updated ?? o.last_updated ?? "");
      if (Number.isFinite(updated)) newest = Math.max(newest, updated);
      const saleId = o.pack_id ?? o.id;
      if (seen.has(saleId)) continue;
      seen.add(saleId);
      await syncSale(store, client, saleId, { actor: "mercadolibre.sweep", now: deps.now });
    }
    if (results.length < PAGE) break;
  }

  for (const topic of Object.keys(deps.topics)) {
    const r = await client.request({
      method: "GET",
      path: "/missed_feeds",
      query: { app_id: deps.appId, topic, offset: 0, limit: PAGE },
      expect: [400, 403, 404],
    });
    if (r.status !== 200) continue;
    for (const raw of MissedSchema.parse(r.body ?? {}).messages ?? []) {
      const n = NotificationSchema.safeParse(raw);
      if (!n.success || n.data.user_id !== seller) continue;
      await deps.topics[topic]!(
        {
          id: `missed:${n.data._id ?? n.data.resource}`,
          shop: seller,
          eventId: n.data._id ?? n.data.resource,
          topic,
          payload: n.data,
          receivedAt: new Date(deps.now()),
        },
        store,
      );
    }
  }
  return { cursor: new Date(newest).toISOString() };
}
