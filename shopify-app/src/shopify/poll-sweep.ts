import type { Db } from "@timbre/core/hub";
import { enqueue, logger, type JobHandler } from "@timbre/core/platform-parts";
import type { ShopifyGraphqlClient } from "./graphql-client.js";
import { ORDERS_SINCE } from "./graphql-operations.js";
import { ingestShopifyOrder } from "./ingest-shopify-order.js";
import { GqlOrderSchema } from "./order-mapper.js";
import { readShopSettings, updateShopSettings } from "./shop-settings.js";

/**
 * The sweep that catches what webhooks miss (Shopify deletes a subscription after 8 failed
 * deliveries; a hub that was down misses them for hours): every few minutes, each installed shop's
 * orders updated since the last cursor are re-read and handed to the core, which ignores what it
 * already has. The cursor overlaps a minute, because updatedAt ties at the boundary would be lost.
 */
export const SHOPIFY_POLL_JOB = "shopify.poll";
const OVERLAP_MS = 60_000;
const MAX_PAGES = 20;

export interface PollDeps {
  db: Db;
  clientFor(shop: string): ShopifyGraphqlClient;
  intervalMs?: number;
  now?: () => number;
}

export async function scheduleShopifyPoll(db: Db, delayMs: number): Promise<void> {
  await enqueue(db, {
    kind: SHOPIFY_POLL_JOB,
    payload: {},
    dedupeKey: SHOPIFY_POLL_JOB,
    runAt: new Date(Date.now() + delayMs),
  });
}

export async function pollShop(deps: PollDeps, storeId: string): Promise<{ seen: number; ingested: number }> {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const store = await db.store.findUniqueOrThrow({ where: { id: storeId } });
  const settings = readShopSettings(store.settings);
  const since = settings.pollCursor ?? new Date(now() - 24 * 3600_000).toISOString();
  const client = deps.clientFor(store.shopDomain!);
  const from = new Date(Date.parse(since) - OVERLAP_MS).toISOString();
  let after: string | null = null;
  let cursor = since;
  let seen = 0;
  let ingested = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const data: { orders: { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
      await client.request(ORDERS_SINCE, {
        first: 50,
        after,
        query: `updated_at:>'${from}'`,
      });
    for (const raw of data.orders.nodes) {
      seen++;
      const order = GqlOrderSchema.parse(raw);
      if (Date.parse(order.updatedAt) > Date.parse(cursor)) cursor = new Date(order.updatedAt).toISOString();
      try {
        const r = await ingestShopifyOrder(db, store, order, "shopify:poll");
        if (r.changed) ingested++;
      } catch (e) {
        // One malformed order must not stop the sweep of the others; the merchant sees it in the log.
        logger.error({ err: e, shop: store.shopDomain, orderId: order.id }, "shopify poll: order skipped");
      }
    }
    if (!data.orders.pageInfo.hasNextPage || !data.orders.pageInfo.endCursor) break;
    after = data.orders.pageInfo.endCursor;
  }
  await updateShopSettings(db, store.id, { pollCursor: cursor });
  return { seen, ingested };
}

export function shopifyPollJob(deps: PollDeps): JobHandler {
  return async () => {
    const stores = await deps.db.store.findMany({ where: { platform: "shopify", shopDomain: { not: null } } });
    for (const store of stores) {
      const s = readShopSettings(store.settings);
      if (s.uninstalledAt || s.redactedAt) continue;
      if (!(await deps.db.session.findFirst({ where: { shop: store.shopDomain!, isOnline: false } }))) continue;
      try {
        await pollShop(deps, store.id);
      } catch (e) {
        logger.error({ err: e, shop: store.shopDomain }, "shopify poll: shop failed");
      }
    }
    await scheduleShopifyPoll(deps.db, deps.intervalMs ?? 5 * 60_000);
  };
}
