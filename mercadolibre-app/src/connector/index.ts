import { logger } from "@timbre/core/platform-parts";
import { defineConnector, type PlatformConnector } from "@timbre/core/platforms";
import { z } from "zod";
import { mercadoLibreConfig, NOTIFICATIONS_PATH } from "../config.js";
import { meliDocumentPort } from "../documents/fiscal-document-upload.js";
import { CredentialsSchema, type Credentials } from "../oauth/tokens.js";
import { meliFulfillmentPort } from "../shipments/fulfillment-port.js";
import { meliCatalogPort, MELI_SELLER_LIMITS } from "../stock/catalog-port.js";
import { verifyNotification } from "./notifications.js";
import { oauthRoutes } from "./oauth-routes.js";
import { readSaleOrder } from "./read-sale-order.js";
import { sellerProfile } from "./seller-profile.js";
import { MeliSettingsSchema, type MeliSettings } from "./settings.js";
import { storeClient, type MeliStore } from "./store-client.js";
import { sweepSeller } from "./sweep.js";
import { meliTopics } from "./topics.js";

/** Right after install: read the seller's listings, match them to the hub by SKU, publish stock. */
export const CATALOG_SYNC_JOB = "mercadolibre.catalog-sync";

/** Sweep every five minutes: well inside the 6-hour token and ML's hour of notification retries. */
export const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * Mercado Libre (Chile) on the platform kit. Stores are created with `timbre store create
 * --platform mercadolibre --name N` and installed by OAuth (/mercadolibre/oauth/start?store=<id>).
 * URLs and keys: MERCADOLIBRE_API_URL, MERCADOLIBRE_AUTH_URL, MERCADOLIBRE_APP_ID,
 * MERCADOLIBRE_APP_SECRET.
 */
export function mercadoLibreConnector(
  env: Readonly<Record<string, string | undefined>>,
  publicUrl: string,
  options: { fetch?: typeof fetch; now?: () => number } = {},
): PlatformConnector<Credentials, MeliSettings> {
  const config = mercadoLibreConfig(env, publicUrl);
  const now = options.now ?? Date.now;
  const client = (store: MeliStore) =>
    storeClient(store, config, { now, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const topics = meliTopics({ client, now });
  return {
    id: "mercadolibre",
    name: "Mercado Libre",
    setup: {
      // Nothing to give: the seller's identity and tokens come from the OAuth install.
      fields: z.object({}),
      toStore: () => ({}),
    },
    storeDefaults: { emailBuyer: false },
    credentials: CredentialsSchema,
    settings: MeliSettingsSchema,
    rateLimits: MELI_SELLER_LIMITS,
    webhooks: {
      path: NOTIFICATIONS_PATH,
      verify: (request, platform) => verifyNotification(request, platform, config.appId, logger),
    },
    topics,
    sweep: {
      everyMs: SWEEP_EVERY_MS,
      run: (store, since) => sweepSeller(store, since, { appId: config.appId, client, now, topics }),
    },
    readOrder: async (store, saleId) => (await readSaleOrder(client(store), saleId, now)).read,
    catalog: (store) => (store.installed ? meliCatalogPort(client(store), () => sellerProfile(store)) : undefined),
    documents: (store) =>
      store.installed ? meliDocumentPort(client(store), { problems: store.problems, now }) : undefined,
    fulfillment: (store) => (store.installed ? meliFulfillmentPort(client(store), now) : undefined),
    jobs: {
      async [CATALOG_SYNC_JOB](payload, platform) {
        const storeId = String((payload as { storeId?: unknown } | null)?.storeId ?? "");
        const store = await platform.getStore(storeId);
        if (store?.installed) await store.catalog.sync({ actor: "mercadolibre.install" });
      },
    },
    routes: [
      { prefix: "/mercadolibre/oauth", handle: oauthRoutes(config, options.fetch ? { fetch: options.fetch } : {}) },
    ],
  };
}

export default defineConnector(({ env, publicUrl }) => mercadoLibreConnector(env, publicUrl));
