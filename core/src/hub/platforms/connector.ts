import type { z } from "zod";
import type { RateLimits } from "../../rules/stock/pacing.js";
import type { StoreCatalogPort } from "../platform/catalog-port.js";
import type { DocumentWriteBackPort } from "../platform/document-writeback-port.js";
import type { OrderFulfillmentPort } from "../platform/order-fulfillment-port.js";
import type { OrderRead, PlatformContext, StoreContext } from "./context.js";

export type { OrderRead } from "./context.js";

/**
 * The platform kit's one interface. A platform (Shopify, Jumpseller, WooCommerce, PrestaShop, Mercado
 * Libre, Magento…) is a `PlatformConnector`; everything that is the same for every platform — the
 * webhook receiver, the inbox, the dispatcher, the sweep scheduler, settings and token storage,
 * uninstall, what happens to an order the platform cannot give us — is core's, and the connector only
 * says what is different about its platform.
 *
 * A platform workspace declares its connector in its package.json:
 *
 *     "timbre": { "connector": "./dist/connector/index.js", "source": "./src/connector/index.ts" }
 *
 * and that module's default export is a `ConnectorFactory` (see `defineConnector`). Core never imports
 * a platform package: the hub (server, CLI, worker) discovers the workspaces and loads the modules
 * (discover.ts). Platform code never receives `Db`: it gets a `PlatformContext` / `StoreContext` with
 * the use cases it may call (context.ts).
 *
 * Every member but `id` and `name` is optional: a platform that only pushes through the sync API
 * (WooCommerce and PrestaShop plugins call POST /api/v1/orders) declares its setup fields and maybe
 * a catalog adapter, and nothing else.
 */
export interface PlatformConnector<Credentials = unknown, Settings extends object = Record<string, unknown>> {
  /**
   * What `Store.platform` holds and `timbre store create --platform` takes: lowercase letters and
   * digits ("shopify", "woocommerce", "mercadolibre"). Never changes once stores exist.
   */
  readonly id: string;
  /** The platform's own name, as merchants know it ("Mercado Libre"). */
  readonly name: string;

  /**
   * What an operator gives when creating a store of this platform (`timbre store create`, and later
   * any admin form), and how it becomes the stored row. See `StoreSetup`.
   */
  readonly setup?: StoreSetup;

  /**
   * Core store settings (top level of Store.settings) this platform's stores start with, before the
   * operator's own: Mercado Libre e-mails the buyer the document it shows on the sale, so its stores
   * start with `emailBuyer: false` (our own e-mail on top would be a second one, and ML moderates
   * post-sale messages). Added by meli.
   */
  readonly storeDefaults?: Readonly<{ emailBuyer?: boolean }>;

  /**
   * The shape of this platform's secrets in `Store.credentials` (tokens, API keys, a hooks token).
   * Core encrypts them at rest ("store.credentials") and checks them with this schema on every read
   * and write; the connector reads them through `store.credentials`. Platforms without secrets omit it.
   */
  readonly credentials?: z.ZodType<Credentials>;

  /**
   * The shape of the connector's own settings, kept in `Store.settings[<id>]` (nothing secret). Must
   * parse `{}` (use defaults), so a store created before a key existed still reads. Read and changed
   * through `store.settings`, one locked read-modify-write for every writer.
   */
  readonly settings?: z.ZodType<Settings>;

  /**
   * Requests per store this platform accepts (Jumpseller: 20/s and 800/min). Core keeps one limiter
   * per store and process (`store.limiter()`); an API client acquires it before each request.
   */
  readonly rateLimits?: RateLimits;

  /** Webhooks: where the platform posts them and how to tell a genuine one. See `WebhookSpec`. */
  readonly webhooks?: WebhookSpec;

  /**
   * What to do with each topic of a verified event, by topic as `verifyWebhook` names it. The
   * dispatcher runs it in a job after the inbox row is committed; an unknown topic is recorded and
   * marked processed. Events of a shop that has no store are marked processed without a handler.
   */
  readonly topics?: Readonly<Record<string, TopicHandler<Credentials, Settings> | TopicSpec<Credentials, Settings>>>;

  /**
   * Catching what webhooks missed (or the only way in, for a platform without webhooks): run every
   * `everyMs` per installed store by core's scheduler, with the cursor the previous run returned.
   */
  readonly sweep?: SweepSpec<Credentials, Settings>;

  /**
   * Reads one order from the platform now (never trust a hook body for an irreversible act) and
   * maps it. Core's `store.orders.sync(id)` calls it and applies the one rule for what comes back:
   * an order is ingested (and its delivery created), a missing one is left alone, an unreadable one
   * becomes a problem the merchant sees on the order — never a retry loop.
   */
  readOrder?(store: StoreContext<Credentials, Settings>, externalId: string): Promise<OrderRead>;

  /** Stock and catalog of a store; undefined when the store cannot be reached (uninstalled). */
  catalog?(store: StoreContext<Credentials, Settings>): StoreCatalogPort | undefined;
  /** Tracking and shipped/delivered states written back on a store's orders. */
  fulfillment?(store: StoreContext<Credentials, Settings>): OrderFulfillmentPort | undefined;
  /** Folio, PDF link and SII state written back on a store's orders. */
  documents?(store: StoreContext<Credentials, Settings>): DocumentWriteBackPort | undefined;

  /**
   * The platform side of an uninstall started from Timbre (delete our hooks, revoke the token). Best
   * effort: core has already decided the store is uninstalled and forgets the credentials after this
   * returns or throws. Not called when the platform told us (app/uninstalled): it already knows.
   */
  disconnect?(store: StoreContext<Credentials, Settings>): Promise<void>;

  /**
   * HTTP routes of the platform part (OAuth install and callback, admin pages, checkout helpers),
   * as framework-free `Request → Response` handlers under a path prefix. The hub's router mounts
   * every connector's routes from the registry; the webhook path is mounted by core (see `webhooks`).
   */
  readonly routes?: readonly ConnectorRoute[];

  /**
   * The connector's own background work, by job kind. Kinds start with `<id>.` (checked at
   * registration). Enqueue them with `platform.enqueue` / `store.enqueue`.
   */
  readonly jobs?: Readonly<Record<string, ConnectorJob>>;
}

/** Any connector, whatever its credential and settings types: what the registry holds. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry is heterogeneous by design
export type AnyConnector = PlatformConnector<any, any>;

/**
 * What a connector module's default export is: called once per process by the hub with its
 * environment. Keep it cheap and free of I/O: the CLI calls it just to learn a platform's setup flags.
 */
export type ConnectorFactory = (setup: ConnectorSetup) => AnyConnector | Promise<AnyConnector>;

export interface ConnectorSetup {
  /** The process environment (the connector's own variables: SHOPIFY_API_KEY, JUMPSELLER_API_URL…). */
  env: Readonly<Record<string, string | undefined>>;
  /** Where platforms reach the hub (OAuth redirects, hook URLs): TIMBRE_PUBLIC_URL or localhost. */
  publicUrl: string;
  /** Who loads it: the server and worker get everything; the CLI mostly needs `setup`. */
  role: "hub" | "cli" | "test";
}

/** Types a connector factory; returns it unchanged. */
export function defineConnector(factory: ConnectorFactory): ConnectorFactory {
  return factory;
}

// ---------------------------------------------------------------------------------------------
// Store setup: declared credentials and options, turned into CLI flags.

/**
 * How a store of this platform is created from operator input. `fields` is a zod object whose keys
 * become CLI flags in kebab case (`consumerKey` → `--consumer-key`, `syncInterval` →
 * `--sync-interval`); `.describe()` on a field is its help text. Values arrive as strings (use
 * `z.coerce.number()` for numbers). A field that is not optional is required by the CLI. Platforms
 * installed by OAuth declare no required fields: the store is created, then installed.
 *
 * `toStore` splits the checked input into what is stored: secrets into `credentials` (encrypted,
 * checked against the connector's `credentials` schema), the rest into `settings` (the connector's
 * own settings key) and the shop identity.
 *
 * Example (WooCommerce):
 *
 *     setup: {
 *       fields: z.object({
 *         url: z.url().describe("The shop's address (https://tienda.cl)"),
 *         consumerKey: z.string().startsWith("ck_").describe("REST API consumer key"),
 *         consumerSecret: z.string().startsWith("cs_").describe("REST API consumer secret"),
 *       }),
 *       toStore: (i) => ({
 *         shopDomain: new URL(i.url).host,
 *         credentials: { consumerKey: i.consumerKey, consumerSecret: i.consumerSecret },
 *         settings: { url: i.url },
 *       }),
 *     }
 */
export interface StoreSetup<Fields extends z.ZodObject = z.ZodObject> {
  readonly fields: Fields;
  toStore(input: z.output<Fields>): StoreIdentityAndSecrets;
}

export interface StoreIdentityAndSecrets {
  /** The platform's name for the shop (domain, store code, seller id): unique per platform. */
  shopDomain?: string | undefined;
  shopId?: string | undefined;
  credentials?: unknown;
  /** Merged into `Store.settings[<id>]`. */
  settings?: Record<string, unknown> | undefined;
}

/** Core settings (top level of Store.settings) an operator may set at creation for any platform. */
export const CORE_SETUP_FLAGS = ["name", "domain", "shop-id", "company", "platform"] as const;

// ---------------------------------------------------------------------------------------------
// Webhooks

export interface WebhookSpec {
  /**
   * Where the platform posts (exact path, POST only). Default `/webhooks/<id>`. Keep what stores
   * already have registered: Shopify's `/webhooks/shopify`, Jumpseller's `/jumpseller/hooks`.
   */
  readonly path?: string;
  /**
   * Decides whether a request is genuine and names the event. Gets the raw body bytes (signatures
   * are over those, never over re-serialized JSON) and the platform context (to find the store and
   * its hook secret). Use `verifyHmac` (hmac.ts) for the comparison. Must not have side effects: the
   * receiver writes the inbox row and queues the job, in one transaction, after it answers.
   */
  verify(request: WebhookRequest, platform: PlatformContext): Promise<VerifiedEvent | WebhookRejection>;
}

export interface WebhookRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly rawBody: Buffer;
}

/** A genuine event, as the inbox stores it: unique on (platform, shop, eventId). */
export interface VerifiedEvent {
  /** The shop as `Store.shopDomain` has it (Shopify domain, Jumpseller store code). */
  shop: string;
  /** The platform's event id; without one, a hash of topic and body (`eventIdFromBody`). */
  eventId: string;
  topic: string;
  /** The parsed body (JSON): what topic handlers read. */
  payload: unknown;
}

/** Not accepted: answered with this status (401 bad signature, 400 malformed, 503 not configured). */
export interface WebhookRejection {
  rejected: 400 | 401 | 403 | 404 | 503;
  /** Short, for the platform's delivery log (Spanish / English). */
  message: string;
}

export function isRejection(v: VerifiedEvent | WebhookRejection): v is WebhookRejection {
  return (v as WebhookRejection).rejected !== undefined;
}

/** An event taken from the inbox, as a topic handler gets it. */
export interface InboxEventView {
  /** The inbox row id (string: it is a bigint). */
  id: string;
  shop: string;
  eventId: string;
  topic: string;
  payload: unknown;
  receivedAt: Date;
}

export type TopicHandler<C = unknown, S extends object = Record<string, unknown>> = (
  event: InboxEventView,
  store: StoreContext<C, S>,
) => Promise<void>;

export interface TopicSpec<C = unknown, S extends object = Record<string, unknown>> {
  handle: TopicHandler<C, S>;
  /**
   * Also run for an uninstalled store (Shopify's shop/redact arrives 48 h after app/uninstalled).
   * By default events of an uninstalled store are marked processed without a handler.
   */
  afterUninstall?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Sweep

export interface SweepSpec<C = unknown, S extends object = Record<string, unknown>> {
  /** Between the end of one run and the start of the next, per store. */
  readonly everyMs: number;
  /**
   * One pass over a store: read what changed since `since` (null on the first run after install),
   * hand orders to `store.orders.sync` / `store.orders.receive`, and return the cursor to start from
   * next time (an ISO time, an order id: opaque to core). Throwing records the error on the store's
   * sweep and the next run happens on schedule; throwing `PlatformAccessRevoked` uninstalls the store.
   */
  run(store: StoreContext<C, S>, since: string | null): Promise<{ cursor: string | null }>;
}

// Orders: `OrderRead` is in context.ts (what readOrder returns is what `store.orders.receive` takes).

// ---------------------------------------------------------------------------------------------
// Routes and jobs

export interface ConnectorRoute {
  /** Every path under it goes to `handle` ("/jumpseller" serves /jumpseller and /jumpseller/…). */
  readonly prefix: string;
  handle(request: Request, platform: PlatformContext): Promise<Response>;
}

export type ConnectorJob = (payload: unknown, platform: PlatformContext) => Promise<void>;
