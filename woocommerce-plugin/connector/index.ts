import { defineConnector, isTimbreError, type StoreContext } from "@timbre/core/platforms";
import { WOO_CATALOG_LIMITS, wooCatalogPort } from "./catalog.js";
import { shopDomainOf, WooCredentialsSchema, WooSettingsSchema, WooSetupFields, type WooSettings } from "./config.js";
import { mapOrder, shippingAddress } from "./map-order.js";
import { sweepOrders } from "./sweep.js";
import { createWooClient, WooRequestError, type WooClient, type WooCredentials } from "./woo-client.js";
import { wooDocumentWriteBack, wooFulfillmentPort } from "./write-back.js";

export { createWooClient, WooRequestError, type WooClient, type WooCredentials } from "./woo-client.js";
export { wooCatalogPort, WOO_CATALOG_LIMITS } from "./catalog.js";
export { wooDocumentWriteBack, wooFulfillmentPort, documentNote } from "./write-back.js";
export { mapOrder, mapRefund, shippingAddress } from "./map-order.js";
export { sweepOrders, type SweptOrder } from "./sweep.js";
export { shopDomainOf, WooSettingsSchema, type WooSettings } from "./config.js";
export { createConnectHandler, CONNECT_PREFIX, type ConnectDeps } from "./connect.js";
export { wooConnectRoute } from "./connect-route.js";

type WooStore = StoreContext<WooCredentials, WooSettings>;

function storeClient(store: WooStore): WooClient {
  const settings = store.settingsSnapshot;
  return createWooClient({
    url: settings.url,
    queryStringAuth: settings.queryStringAuth,
    credentials: async () => {
      const c = await store.credentials.read();
      if (!c)
        throw new WooRequestError(
          401,
          false,
          { es: "La tienda no tiene claves de WooCommerce.", en: "The store has no WooCommerce keys." },
          "no credentials",
        );
      return c;
    },
  });
}

/**
 * WooCommerce on the platform kit. The plugin pushes orders through the sync API; the hub reads
 * orders back (readOrder, the sweep), pushes stock, and writes documents and deliveries on the
 * order through REST v3 with the keys given at `timbre store create` or by "Conectar con Timbre".
 */
export default defineConnector(() => ({
  id: "woocommerce",
  name: "WooCommerce",
  setup: {
    fields: WooSetupFields,
    toStore: (input) => {
      const i = WooSetupFields.parse(input);
      return {
        shopDomain: shopDomainOf(i.url),
        credentials: { consumerKey: i.consumerKey, consumerSecret: i.consumerSecret },
        settings: { url: i.url.replace(/\/+$/, "") },
      };
    },
  },
  credentials: WooCredentialsSchema,
  settings: WooSettingsSchema,
  rateLimits: { perSecond: WOO_CATALOG_LIMITS.perSecond },

  async readOrder(store: WooStore, externalId: string) {
    const client = storeClient(store);
    try {
      const raw = (await client.get(`/orders/${encodeURIComponent(externalId)}`)).body;
      try {
        return {
          ok: true as const,
          order: mapOrder(raw, store.settingsSnapshot.paidStatuses),
          delivery: shippingAddress(raw),
        };
      } catch (e) {
        return { ok: false as const, reason: "unreadable" as const, message: (e as Error).message };
      }
    } catch (e) {
      if (e instanceof WooRequestError && e.status === 404) return { ok: false as const, reason: "not_found" as const };
      throw e;
    }
  },

  sweep: {
    everyMs: 60_000,
    async run(store: WooStore, since: string | null) {
      const { cursor } = await sweepOrders(
        storeClient(store),
        since,
        async (o) => {
          if (o.unreadable !== undefined || !o.order) {
            await store.orders.receive(o.externalId, { ok: false, reason: "unreadable", message: o.unreadable ?? "" });
            return;
          }
          await store.orders.receive(o.externalId, { ok: true, order: o.order, delivery: o.delivery });
          for (const refund of o.refunds) {
            try {
              await store.orders.recordRefund(o.externalId, refund, { actor: "woocommerce.sweep" });
            } catch (e) {
              // Already credited in full (a refund the plugin sent with other lines): nothing left to do.
              if (!isTimbreError(e) || e.kind !== "invalid_input") throw e;
            }
          }
        },
        { paidStatuses: store.settingsSnapshot.paidStatuses },
      );
      return { cursor };
    },
  },

  catalog: (store: WooStore) => (store.installed ? wooCatalogPort(storeClient(store)) : undefined),
  documents: (store: WooStore) => (store.installed ? wooDocumentWriteBack(storeClient(store)) : undefined),
  fulfillment: (store: WooStore) => (store.installed ? wooFulfillmentPort(storeClient(store)) : undefined),
}));
