import { z } from "zod";
import { NormalizedOrderSchema } from "@timbre/core/platforms";
import { PLATFORM_LIMITS } from "@timbre/core/platform-parts";
import type {
  OrderRead,
  PlatformConnector,
  StoreContext,
  TopicHandler,
  VerifiedEvent,
  WebhookRejection,
} from "@timbre/core/platforms";
import { PrestaShopCatalog } from "./catalog-adapter.js";
import { PrestaShopFulfillment } from "./fulfillment-adapter.js";
import { carrierMethods } from "./map-carriers.js";
import { mapCustomer } from "./map-customer.js";
import { deliveryAddress, mapOrder } from "./map-order.js";
import { mapSlip } from "./map-refund.js";
import { OrderSchema } from "./resources.js";
import { ShopReader } from "./shop-reader.js";
import { dateToShopTime, shopTimeToDate } from "./shop-time.js";
import { listOf, PrestaShopWebservice, WebserviceError } from "./webservice-client.js";

export const PRESTASHOP = "prestashop";

export const CredentialsSchema = z.object({ webserviceKey: z.string().min(1) });
export type Credentials = z.output<typeof CredentialsSchema>;

export const SettingsSchema = z.object({
  /** The shop's address; the webservice is `<url>/api`. */
  url: z.string().default(""),
});
export type Settings = z.output<typeof SettingsSchema>;

type Store = StoreContext<Credentials, Settings>;

/** What the module posts (timbre/classes/TimbreEventQueue.php). */
export const EventSchema = z.object({
  id: z.string().min(1).max(64),
  topic: z.string().min(1).max(64),
  shop: z.string().max(255).default(""),
  occurredAt: z.string().optional(),
  data: z.record(z.string(), z.unknown()).default({}),
});

const IdOf = (key: string) =>
  z.object({ [key]: z.union([z.string(), z.number()]).transform((v) => String(v)) }).transform((o) => o[key] as string);

/** `timbre store create --platform prestashop --url … --webservice-key …` */
export const SetupFields = z.object({
  url: z
    .url({ protocol: /^https?$/, error: "la dirección de la tienda, p. ej. https://tienda.cl" })
    .describe("The shop's address (https://tienda.cl); its webservice is <url>/api"),
  webserviceKey: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{32}$/, "la clave del webservice tiene 32 letras y dígitos")
    .describe("Webservice key (Advanced Parameters > Webservice), with GET on orders and PUT on stock"),
});

export interface ConnectorOptions {
  fetch?: typeof fetch;
  /** Sweep period (default 5 minutes). */
  sweepEveryMs?: number;
}

/** The store's shop, reached with its key; one reader (and cache) per store and process. */
const readers = new Map<string, { key: string; url: string; reader: ShopReader }>();

async function shopOf(store: Store, options: ConnectorOptions): Promise<ShopReader> {
  const creds = await store.credentials.read();
  const url = store.settingsSnapshot.url || (await store.settings.read()).url;
  if (!creds || !url) {
    throw new WebserviceError(
      "auth",
      0,
      "La tienda PrestaShop no tiene dirección o clave del webservice en Timbre.",
      `store ${store.id}: missing url or key`,
    );
  }
  const hit = readers.get(store.id);
  if (hit && hit.key === creds.webserviceKey && hit.url === url) return hit.reader;
  const limiter = store.limiter();
  const ws = new PrestaShopWebservice({
    shopUrl: url,
    key: creds.webserviceKey,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    beforeRequest: () => limiter.acquire(),
  });
  const reader = new ShopReader(ws);
  readers.set(store.id, { key: creds.webserviceKey, url, reader });
  return reader;
}

/** Reads everything about one order the mapping needs; undefined when the shop has no such order. */
export async function readShopOrder(reader: ShopReader, id: string) {
  const order = await reader.order(id);
  if (!order) return undefined;
  const [config, states, customer, invoiceAddress, deliveryAddr, carriers, currencies, checkout, histories] =
    await Promise.all([
      reader.config(),
      reader.orderStates(),
      reader.customer(order.id_customer),
      reader.address(order.id_address_invoice),
      order.id_address_delivery === order.id_address_invoice ? undefined : reader.address(order.id_address_delivery),
      reader.carriers(),
      reader.currencies(),
      reader.checkoutChoice(order.id).catch((e: unknown) => {
        // Without the module (or its webservice permission) the buyer's choice is unknown: boleta by default.
        if (e instanceof WebserviceError && (e.kind === "auth" || e.kind === "not_found" || e.kind === "rejected"))
          return undefined;
        throw e;
      }),
      reader.histories(order.id),
    ]);
  return {
    order,
    config,
    states,
    customer,
    invoiceAddress,
    deliveryAddress: deliveryAddr ?? invoiceAddress,
    carrier: carriers.find((c) => c.id === order.id_carrier),
    currencies,
    checkout,
    historyCount: histories.length,
  };
}

export function prestashopConnector(options: ConnectorOptions = {}): PlatformConnector<Credentials, Settings> {
  async function readOrder(store: Store, externalId: string): Promise<OrderRead> {
    const reader = await shopOf(store, options);
    const snapshot = await readShopOrder(reader, externalId);
    if (!snapshot) return { ok: false, reason: "not_found" };
    const mapped = mapOrder(snapshot);
    for (const w of mapped.warnings) {
      await store.problems.report({ code: "prestashop.order_data", message: w, orderExternalId: externalId });
    }
    const parsed = NormalizedOrderSchema.safeParse(mapped.order);
    if (!parsed.success) {
      return {
        ok: false,
        reason: "unreadable",
        message: `El pedido ${snapshot.order.reference || externalId} de PrestaShop no se pudo leer: ${parsed.error.issues
          .map((i) => i.path.join("."))
          .join(", ")}.`,
        issues: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
      };
    }
    return { ok: true, order: parsed.data, delivery: deliveryAddress(snapshot) };
  }

  const syncOrder: TopicHandler<Credentials, Settings> = async (event, store) => {
    const id = IdOf("id_order").parse(EventSchema.parse(event.payload).data);
    await store.orders.sync(id, { actor: "prestashop" });
  };

  /** An order slip: the order first (so the hub has its rows), then its refund. */
  async function recordSlip(store: Store, orderId: string, slipId: string): Promise<void> {
    const reader = await shopOf(store, options);
    const outcome = await store.orders.sync(orderId, { actor: "prestashop" });
    if (outcome.kind !== "ingested") return;
    const [slip, order] = await Promise.all([reader.slip(slipId), reader.order(orderId)]);
    if (!slip || !order || slip.id_order !== order.id) return;
    await store.orders.recordRefund(order.id, mapSlip(slip, order), { actor: "prestashop" });
  }

  async function syncCustomer(store: Store, customerId: string): Promise<void> {
    if (!store.customers) throw new Error("the platform kit's StoreContext has no customers yet");
    const reader = await shopOf(store, options);
    const customer = await reader.customer(customerId);
    if (!customer || customer.deleted) return;
    const addresses = await reader.addressesOf(customer.id);
    await store.customers.record(mapCustomer(customer, addresses), { actor: "prestashop" });
  }

  async function syncCarriers(store: Store): Promise<void> {
    if (!store.shipping) throw new Error("the platform kit's StoreContext has no shipping methods yet");
    const reader = await shopOf(store, options);
    reader.forgetCarriers();
    const mapped = new Set((await store.shipping.list()).map((m) => m.method.toLowerCase()));
    for (const m of carrierMethods(await reader.carriers(), mapped)) {
      await store.shipping.save(m, { actor: "prestashop" });
    }
  }

  return {
    id: PRESTASHOP,
    name: "PrestaShop",
    setup: {
      fields: SetupFields,
      toStore: (raw) => {
        const i = SetupFields.parse(raw);
        const url = new URL(i.url);
        const base = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
        return {
          shopDomain: `${url.host}${url.pathname.replace(/\/+$/, "")}`.toLowerCase(),
          credentials: { webserviceKey: i.webserviceKey },
          settings: { url: base },
        };
      },
    },
    credentials: CredentialsSchema,
    settings: SettingsSchema,
    rateLimits: { perSecond: 5 },

    webhooks: {
      path: "/webhooks/prestashop",
      async verify(request, platform): Promise<VerifiedEvent | WebhookRejection> {
        if (!platform.verifyStoreRequest) return { rejected: 503, message: "Receptor de eventos no disponible." };
        const store = await platform.verifyStoreRequest(request);
        if (!store || store.platform !== PRESTASHOP)
          return { rejected: 401, message: "Firma o clave de API inválida (X-Timbre-Signature)." };
        let body: unknown;
        try {
          body = JSON.parse(request.rawBody.toString("utf8"));
        } catch {
          return { rejected: 400, message: "El cuerpo no es JSON." };
        }
        const event = EventSchema.safeParse(body);
        if (!event.success) return { rejected: 400, message: "Evento sin id o topic." };
        return { shop: store.shopDomain ?? "", eventId: event.data.id, topic: event.data.topic, payload: event.data };
      },
    },

    topics: {
      "order.validated": syncOrder,
      "order.state_changed": syncOrder,
      "order.slip_created": async (event, store) => {
        const data = EventSchema.parse(event.payload).data;
        await recordSlip(store, IdOf("id_order").parse(data), IdOf("id_order_slip").parse(data));
      },
      "customer.saved": async (event, store) => {
        await syncCustomer(store, IdOf("id_customer").parse(EventSchema.parse(event.payload).data));
      },
      "carrier.saved": async (_event, store) => syncCarriers(store),
    },

    sweep: {
      everyMs: options.sweepEveryMs ?? 5 * 60_000,
      /**
       * Orders changed since the cursor (date_upd, shop time, one second of overlap: the filter's
       * upper bound is exclusive and clocks differ), each read and ingested, then their order slips.
       * The first run looks back one day.
       */
      async run(store, since) {
        const reader = await shopOf(store, options);
        const config = await reader.config();
        const from = since ? new Date(new Date(since).getTime() - 1000) : new Date(Date.now() - 24 * 3600_000);
        const to = new Date(Date.now() + 60_000);
        let cursor = since;
        for (let offset = 0; ; offset += 100) {
          const page = listOf(
            await reader.ws.get("orders", null, {
              display: "[id,date_upd]",
              "filter[date_upd]": `[${dateToShopTime(from, config.timeZone)},${dateToShopTime(to, config.timeZone)}]`,
              date: 1,
              sort: "[date_upd_ASC]",
              limit: `${offset},100`,
            }),
            "orders",
            OrderSchema.pick({ id: true, date_upd: true }),
          );
          for (const o of page) {
            const outcome = await store.orders.sync(o.id, { actor: "prestashop.sweep" });
            const slips = outcome.kind === "ingested" ? await reader.slipsOf(o.id) : [];
            const full = slips.length > 0 ? await reader.order(o.id) : undefined;
            // Refunds are idempotent on the slip: one already recorded is left as it is.
            for (const slip of full ? slips : []) {
              await store.orders.recordRefund(o.id, mapSlip(slip, full!), { actor: "prestashop.sweep" });
            }
            const at = shopTimeToDate(o.date_upd, config.timeZone);
            if (at && (!cursor || at.toISOString() > cursor)) cursor = at.toISOString();
          }
          if (page.length < 100) break;
        }
        return { cursor };
      },
    },

    readOrder,
    // An uninstalled store is no longer ours to write: no adapters (the hub's jobs then skip it).
    catalog: (store) => {
      if (!store.installed) return undefined;
      const languageId = async () => "1";
      let port: PrestaShopCatalog | undefined;
      return {
        limits: PLATFORM_LIMITS.prestashop,
        async listListings(cursor) {
          port ??= new PrestaShopCatalog((await shopOf(store, options)).ws, languageId);
          return port.listListings(cursor);
        },
        async setInventory(updates) {
          port ??= new PrestaShopCatalog((await shopOf(store, options)).ws, languageId);
          return port.setInventory(updates);
        },
      };
    },
    fulfillment: (store) =>
      !store.installed
        ? undefined
        : {
            async markFulfilled(orderExternalId, update) {
              await new PrestaShopFulfillment(await shopOf(store, options)).markFulfilled(orderExternalId, update);
            },
          },
  };
}
