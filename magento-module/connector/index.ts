import { defineConnector, type DocumentNotice, type StoreCatalogPort } from "@timbre/core/platforms";
import { z } from "zod";
import { MagentoApiError, MagentoCredentialsSchema } from "./client/magento-client.js";
import { clientFor, LIMITS, type MagentoStore } from "./store-client.js";
import { listProducts, resolveStock, setSourceQuantities } from "./catalog/magento-catalog.js";
import { findOrder, shipOrder, writeDocument } from "./orders/magento-orders.js";
import { readMagentoOrder } from "./orders/read-order.js";
import { OrderPingSchema, verifyOrderPing } from "./orders/order-ping.js";
import { DEFAULT_SYNC_SECONDS, MagentoSettingsSchema, MIN_SYNC_SECONDS } from "./settings.js";
import { runSweep } from "./sweep.js";

const STATES: Record<string, string> = {
  issued: "Emitido, por enviar al SII",
  sent: "Enviado al SII, esperando respuesta",
  accepted: "Aceptado por el SII",
  accepted_with_objections: "Aceptado con reparos por el SII",
  rejected: "Rechazado por el SII",
};

/** "BOLETA ELECTRÓNICA" → "Boleta electrónica N° 12". */
export function documentLabel(n: Pick<DocumentNotice, "typeName" | "folio">): string {
  const name = n.typeName.toLocaleLowerCase("es-CL");
  return `${name.charAt(0).toLocaleUpperCase("es-CL")}${name.slice(1)} N° ${n.folio}`;
}

/** `timbre store create --platform magento` flags: --url, --access-token, --sync-interval … */
const SetupFields = z.object({
  url: z.url().describe("The shop's address (http://tienda.cl): REST is under /rest/V1"),
  accessToken: z.string().min(1).describe("The integration's access token (System → Integrations)"),
  accessTokenSecret: z
    .string()
    .min(1)
    .optional()
    .describe("The integration's access token secret (OAuth 1.0a signing)"),
  consumerKey: z.string().min(1).optional().describe("The integration's consumer key (OAuth 1.0a signing)"),
  consumerSecret: z.string().min(1).optional().describe("The integration's consumer secret (OAuth 1.0a signing)"),
  syncInterval: z.coerce
    .number()
    .int()
    .min(MIN_SYNC_SECONDS)
    .max(86_400)
    .optional()
    .describe(`Seconds between order polls (default ${DEFAULT_SYNC_SECONDS}, at least ${MIN_SYNC_SECONDS})`),
  source: z
    .string()
    .min(1)
    .optional()
    .describe("The MSI source the hub's stock is written to (default: the stock's first)"),
  website: z.string().min(1).optional().describe("The Magento website code the store sells on (default base)"),
  pingSecret: z
    .string()
    .min(16)
    .optional()
    .describe("A secret of 16+ characters the module signs its order-save ping with (also set in Magento)"),
});

export default defineConnector(() => ({
  id: "magento",
  name: "Magento",
  setup: {
    fields: SetupFields,
    toStore: (raw) => {
      const i = raw as z.output<typeof SetupFields>;
      const url = i.url.replace(/\/+$/, "");
      const signed = [i.accessTokenSecret, i.consumerKey, i.consumerSecret].filter(Boolean).length;
      if (signed > 0 && signed < 3) {
        throw new MagentoApiError(
          400,
          "OAuth 1.0a needs --consumer-key, --consumer-secret and --access-token-secret together",
          "setup",
        );
      }
      return {
        shopDomain: new URL(url).host + new URL(url).pathname.replace(/\/$/, ""),
        credentials: {
          accessToken: i.accessToken,
          ...(i.accessTokenSecret ? { accessTokenSecret: i.accessTokenSecret } : {}),
          ...(i.consumerKey ? { consumerKey: i.consumerKey } : {}),
          ...(i.consumerSecret ? { consumerSecret: i.consumerSecret } : {}),
          ...(i.pingSecret ? { pingSecret: i.pingSecret } : {}),
        },
        settings: {
          url,
          syncIntervalSeconds: i.syncInterval ?? DEFAULT_SYNC_SECONDS,
          ...(i.source ? { sourceCode: i.source } : {}),
          ...(i.website ? { website: i.website } : {}),
        },
      };
    },
  },
  credentials: MagentoCredentialsSchema,
  settings: MagentoSettingsSchema,
  rateLimits: { perSecond: LIMITS.perSecond },
  // The module's order-save ping: a hint that re-reads the one order now; the poll stays the truth.
  webhooks: { path: "/webhooks/magento", verify: verifyOrderPing },
  topics: {
    "order.saved": async (event, store) => {
      const ping = OrderPingSchema.parse(event.payload);
      await store.orders.sync(ping.increment_id, { actor: "magento.ping" });
    },
  },
  sweep: {
    // Ticks at the shortest interval a store may ask for; each store's own interval is kept by the
    // cursor (sweep.ts), so a store at 3 minutes is read every 3 minutes.
    everyMs: MIN_SYNC_SECONDS * 1000,
    run: (store, since) => runSweep(store as MagentoStore, since),
  },
  async readOrder(store, externalId) {
    const client = await clientFor(store as MagentoStore);
    return readMagentoOrder(await findOrder(client, externalId));
  },
  catalog(store): StoreCatalogPort | undefined {
    if (!store.installed) return undefined;
    const s = store as MagentoStore;
    return {
      limits: LIMITS,
      async listListings(cursor) {
        const client = await clientFor(s);
        const stock = await resolveStock(client, (await s.settings.read()).website);
        return listProducts(client, cursor, LIMITS.pageSize, stock.sources);
      },
      async setInventory(updates) {
        const client = await clientFor(s);
        const settings = await s.settings.read();
        const stock = await resolveStock(client, settings.website);
        const sourceCode = settings.sourceCode ?? stock.sources[0];
        if (!sourceCode) {
          return updates.map(() => ({
            ok: false as const,
            reason: "rejected" as const,
            message: `el stock de Magento del sitio ${settings.website} no tiene fuentes (sources)`,
          }));
        }
        return setSourceQuantities(
          client,
          { sourceCode, stockId: stock.stockId, linkedSources: stock.sources },
          updates,
        );
      },
    };
  },
  fulfillment(store) {
    if (!store.installed) return undefined;
    const s = store as MagentoStore;
    return {
      async markFulfilled(orderExternalId, update) {
        const settings = await s.settings.read();
        await shipOrder(await clientFor(s), orderExternalId, update, settings.sourceCode);
      },
    };
  },
  documents(store) {
    if (!store.installed) return undefined;
    const s = store as MagentoStore;
    return {
      async documentChanged(notice) {
        const client = await clientFor(s);
        const settings = await s.settings.read();
        await writeDocument(
          client,
          notice.orderExternalId,
          {
            key: notice.documentId,
            label: documentLabel(notice),
            state: STATES[notice.state] ?? notice.state,
            pdfUrl: notice.pdfUrl,
          },
          settings.moduleVersion !== null,
        );
      },
    };
  },
}));
