import type { Store } from "@prisma/client";
export { SHOPIFY_INITIAL_SYNC_JOB } from "./reconnect-shop.js";
import type { Db, Encryptor } from "@timbre/core/hub";
import {
  PermanentFailure,
  registerCatalogAdapter,
  registerDocumentWriteBack,
  registerFulfillmentAdapter,
  registerUsageBilling,
  runStoreSync,
  type JobHandler,
} from "@timbre/core/platform-parts";
import { z } from "zod";
import { prefetchedCatalogPort, readCatalogInBulk } from "./bulk-catalog.js";
import { shopifyCatalogPort } from "./catalog-adapter.js";
import type { ShopifyEnv } from "./config.js";
import { shopifyDocumentWriteBack } from "./document-write-back.js";
import { shopifyFulfillmentPort } from "./fulfillment-adapter.js";
import { shopifyUsageBilling } from "./usage-billing.js";
import type { ShopifyGraphqlClient } from "./graphql-client.js";
import { LOCATIONS } from "./graphql-operations.js";
import { idString } from "./lossless-json.js";
import { SHOPIFY_INITIAL_SYNC_JOB } from "./reconnect-shop.js";
import { SHOPIFY_POLL_JOB, scheduleShopifyPoll, shopifyPollJob } from "./poll-sweep.js";
import { shopClient } from "./shop-client.js";
import { readShopSettings, updateShopSettings } from "./shop-settings.js";
import { SHOPIFY_WEBHOOK_JOB } from "./webhook-receiver.js";
import { SHOPIFY_CATALOG_SYNC_JOB, shopifyWebhookJob } from "./webhook-jobs.js";

/**
 * Plugs Shopify into the hub: the catalog port, document write-back and fulfillment adapters for
 * `platform: "shopify"` stores, and the job handlers (webhooks, catalogue sync, the polling sweep).
 * src/server.ts calls it once, before `hub.startWorker({ handlers })`.
 */

export interface ShopifyPart {
  handlers: Record<string, JobHandler>;
  clientFor(shop: string): ShopifyGraphqlClient;
  /** Queues the first polling sweep (it then re-queues itself). */
  startPolling(delayMs?: number): Promise<void>;
  unregister(): void;
}

const StorePayload = z.object({ storeId: z.uuid() });

export function registerShopify(input: {
  db: Db;
  /** Opens and seals the shops' tokens in the Session table. */
  encryptor: Encryptor;
  env: Pick<ShopifyEnv, "apiKey" | "apiSecret" | "adminApiUrl">;
  pollIntervalMs?: number;
  fetch?: typeof fetch;
  /** Usage charges as Shopify test charges (development stores; never paid). */
  billingTest?: boolean;
}): ShopifyPart {
  const { db, env } = input;
  const clients = new Map<string, ShopifyGraphqlClient>();
  // One client per shop, so its view of the cost bucket is shared by everything that calls the shop.
  const clientFor = (shop: string) => {
    let c = clients.get(shop);
    if (!c) clients.set(shop, (c = shopClient(db, input.encryptor, env, shop, input.fetch)));
    return c;
  };
  const locations = new Map<string, Promise<string>>();
  /** The store's publishing location: the one chosen in settings, else the shop's first active one. */
  const locationOf = (store: Store) => async () => {
    const chosen = readShopSettings(store.settings).locationId;
    if (chosen) return chosen;
    let found = locations.get(store.id);
    if (!found) {
      found = clientFor(store.shopDomain!)
        .request<{ locations: { nodes: Array<{ id: string; isActive: boolean }> } }>(LOCATIONS)
        .then(async (d) => {
          const first = d.locations.nodes.find((l) => l.isActive);
          if (!first) throw new PermanentFailure(`${store.shopDomain} has no active location`);
          const id = idString(first.id)!;
          await updateShopSettings(db, store.id, { locationId: id });
          return id;
        });
      found.catch(() => locations.delete(store.id));
      locations.set(store.id, found);
    }
    return found;
  };
  const catalogPort = (store: Store) =>
    shopifyCatalogPort(clientFor(store.shopDomain!), { locationId: locationOf(store) });

  const undo = [
    registerCatalogAdapter("shopify", catalogPort),
    registerDocumentWriteBack("shopify", (store) => shopifyDocumentWriteBack(clientFor(store.shopDomain!))),
    registerFulfillmentAdapter("shopify", (store) => shopifyFulfillmentPort(clientFor(store.shopDomain!))),
    registerUsageBilling("shopify", (store) =>
      shopifyUsageBilling(clientFor(store.shopDomain!), { test: input.billingTest ?? false }),
    ),
  ];

  const handlers: Record<string, JobHandler> = {
    [SHOPIFY_WEBHOOK_JOB]: shopifyWebhookJob({ db, clientFor }),
    [SHOPIFY_CATALOG_SYNC_JOB]: async (payload) => {
      const { storeId } = StorePayload.parse(payload);
      await runStoreSync(db, storeId, { actor: "shopify:webhook" });
    },
    // After install: the whole catalogue in one bulk operation, then the normal sync on it.
    [SHOPIFY_INITIAL_SYNC_JOB]: async (payload) => {
      const { storeId } = StorePayload.parse(payload);
      const store = await db.store.findUniqueOrThrow({ where: { id: storeId } });
      const listings = await readCatalogInBulk(clientFor(store.shopDomain!));
      await runStoreSync(db, storeId, {
        actor: "shopify:install",
        adapters: (s) => prefetchedCatalogPort(catalogPort(s), listings),
      });
    },
    [SHOPIFY_POLL_JOB]: shopifyPollJob({
      db,
      clientFor,
      ...(input.pollIntervalMs ? { intervalMs: input.pollIntervalMs } : {}),
    }),
  };

  return {
    handlers,
    clientFor,
    startPolling: (delayMs = 60_000) => scheduleShopifyPoll(db, delayMs),
    unregister: () => undo.forEach((u) => u()),
  };
}
