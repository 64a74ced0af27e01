import type { Prisma } from "@prisma/client";
import type { RateLimiter } from "../platform/rate-limiter.js";
import type { RateLimits } from "../../rules/stock/pacing.js";
import type { RefundRequest } from "../../rules/order/refund-request.js";
import type { StoreCatalogPort, PlatformRef } from "../platform/catalog-port.js";
import type { ListingInput } from "../catalog/record-store-listings.js";
import type { StoreStockEdit } from "../stock/record-store-stock-edit.js";
import type { SyncReport } from "../sync/run-store-sync.js";
import type { GroupPriceList } from "../catalog/group-price-lists.js";
import type { StoreCatalogItem } from "../catalog/store-catalog-items.js";
import type { NormalizedOrder } from "../../rules/order/normalized-order.js";
import type { FieldIssue } from "../../errors.js";
import type { PlatformAddress } from "../couriers/delivery-request.js";
import type { CustomerInput } from "../customers/match-customer.js";
import type { CustomerGroupAssignment } from "../customers/customer-price-groups.js";

/**
 * What platform code may do, handed to every connector member. It is the platform kit's whole
 * surface towards the hub: use cases, never the database. Anything a connector needs that is not
 * here is a use case to add to core (say so in the commit), not a Prisma call in a platform folder.
 *
 * `PlatformContext` is hub-wide (find a store, install one, queue a job); `StoreContext` is one
 * store of this connector's platform (its settings, credentials, orders, catalog, problems).
 */
export interface PlatformContext<C = unknown, S extends object = Record<string, unknown>> {
  /** The connector's id ("jumpseller"). */
  readonly platform: string;
  /** Where platforms reach the hub (OAuth redirect URIs, hook URLs, document links). */
  readonly publicUrl: string;
  /** The hub's clock (tests move it). */
  now(): number;

  /** The store connected for this shop (`Store.shopDomain`), or null. */
  findStore(shop: string): Promise<StoreContext<C, S> | null>;
  /** A store of this platform by its hub id, or null (also null for another platform's store). */
  getStore(storeId: string): Promise<StoreContext<C, S> | null>;
  /** Every store of this platform; `installed: true` leaves out uninstalled ones. */
  listStores(filter?: { installed?: boolean }): Promise<Array<StoreContext<C, S>>>;

  /**
   * Connects a shop after the platform granted access (OAuth callback, token exchange): finds the
   * store for (platform, shop) or creates it for `companyId`, stores the credentials encrypted,
   * merges `settings`, clears an earlier uninstall, starts its sweep and audits
   * `<platform>.installed` (or `.reinstalled`). Idempotent: installing twice converges. A shop
   * already connected to another company is refused (conflict).
   */
  install(input: InstallInput<C, S>): Promise<{ store: StoreContext<C, S>; created: boolean; reinstalled: boolean }>;

  /** Queues one of the connector's jobs (kind `<platform>.…`). */
  enqueue(kind: string, payload: Prisma.InputJsonValue, options?: JobOptions): Promise<void>;

  /** The only company of this hub, when there is exactly one (an install started from the platform's app store). */
  soleCompanyId(): Promise<string | undefined>;

  /**
   * For plugins that sign with the store's sync-API credentials (the PrestaShop module's events):
   * the store whose API key is in `Authorization: Bearer` and whose secret signed the request
   * (`X-Timbre-Timestamp` + `X-Timbre-Signature` over timestamp, method, path and body, as the sync
   * API checks), or null. Optional until the kit's runtime provides it (added by presta).
   */
  verifyStoreRequest?(request: {
    method: string;
    url: URL;
    headers: Headers;
    rawBody: Buffer;
  }): Promise<StoreContext<C, S> | null>;

  /** Short tags proving the hub made a value (signed admin links, OAuth state). Never the key itself. */
  mac(value: string, purpose: string): string;
  verifyMac(value: string, purpose: string, tag: string): boolean;
}

export interface InstallInput<C, S> {
  companyId: string;
  /**
   * The store the operator created for this install (`timbre store create --platform mercadolibre`,
   * then /mercadolibre/oauth/start?store=<id>): it becomes this shop's store, instead of one found or
   * created by (platform, shop). Refused (conflict) if another store of the platform already has the
   * shop. Added by meli.
   */
  storeId?: string | undefined;
  shopDomain: string;
  shopId?: string | undefined;
  name: string;
  credentials: C;
  settings?: Partial<S> | undefined;
  actor: string;
}

export interface JobOptions {
  runAt?: Date;
  /** While a job with this key is queued, queueing it again is a no-op. */
  dedupeKey?: string;
  maxAttempts?: number;
}

/** A store of the connector's platform, and what may be done with it. */
export interface StoreContext<C = unknown, S extends object = Record<string, unknown>> {
  readonly id: string;
  readonly companyId: string;
  readonly platform: string;
  readonly name: string;
  readonly shopDomain: string | null;
  readonly shopId: string | null;
  /** False once uninstalled (by the platform's hook, the merchant in Timbre, or revoked access). */
  readonly installed: boolean;
  readonly installedAt: Date | null;
  readonly uninstalledAt: Date | null;
  /** The connector's settings as of when this context was made (`settings.read()` for fresh ones). */
  readonly settingsSnapshot: S;

  readonly settings: SettingsStore<S>;
  readonly credentials: CredentialStore<C>;

  /** This store's request limiter under the connector's `rateLimits` (one per store and process). */
  limiter(limits?: RateLimits): RateLimiter;

  readonly orders: StoreOrders;
  readonly catalog: StoreCatalog;
  readonly problems: StoreProblems;
  readonly privacy: StorePrivacy;
  /** Customers the platform reports on their own, not only when they buy (added by presta; optional until the runtime has it). */
  readonly customers?: StoreCustomers;
  /** The store's shipping methods ↔ how they are delivered (added by presta; optional until the runtime has it). */
  readonly shipping?: StoreShipping;

  /** Appends to the store's audit log (`subjectType` store unless `subject` says otherwise). */
  audit(
    action: string,
    data?: Prisma.InputJsonObject,
    options?: { actor?: string; subject?: AuditSubject },
  ): Promise<void>;

  /**
   * The store is uninstalled: `disconnect` runs first when `platformKnows` is false (we started it),
   * then credentials are forgotten, the sweep stops, `<platform>.uninstalled` is audited. Orders and
   * documents stay (the SII requires keeping them). Idempotent.
   */
  uninstall(input: { actor: string; reason?: string; platformKnows: boolean }): Promise<void>;

  /** Queues one of the connector's jobs for this store (payload gets `storeId`). */
  enqueue(kind: string, payload?: Record<string, Prisma.InputJsonValue>, options?: JobOptions): Promise<void>;
}

export interface AuditSubject {
  type: "store" | "order";
  id: string;
}

/** The connector's settings key of Store.settings, read and changed under the row lock. */
export interface SettingsStore<S> {
  read(): Promise<S>;
  /** `change` gets the current settings and returns the keys to change; returns the result. */
  update(change: (current: S) => Partial<S>): Promise<S>;
}

/**
 * The store's secrets, encrypted at rest. `fresh` is how tokens that expire are used: it returns
 * the current credentials when `isFresh` says they still are, and otherwise refreshes them once —
 * one refresh at a time per store, in this process and across replicas (a PostgreSQL advisory lock
 * held while the credentials are re-read, refreshed and written), so a single-use refresh token
 * (Mercado Libre, Jumpseller, Shopify) is never spent twice. After waiting for another refresher,
 * `isFresh` is asked again on what it wrote, so the refresh runs only when still needed.
 */
export interface CredentialStore<C> {
  /** Undefined when the store has none (not installed yet, or uninstalled). */
  read(): Promise<C | undefined>;
  write(credentials: C): Promise<void>;
  fresh(options: {
    isFresh(current: C): boolean;
    refresh(current: C): Promise<C>;
    /** Refresh even if `isFresh` says not needed (the platform just refused the token). */
    force?: boolean;
  }): Promise<C>;
}

export interface StoreOrders {
  /**
   * Reads the order through the connector's `readOrder` and applies `receive` to what comes back.
   * The job that calls it completes in every case but a thrown error (network, 5xx, throttled), which
   * the job retries.
   */
  sync(externalId: string, options?: { actor?: string }): Promise<OrderOutcome>;
  /**
   * The one rule for an order a platform gave us (from `readOrder`, a sweep's page, a hook body the
   * platform vouches for): ingested (idempotent; newer wins) and its delivery created; `not_found`
   * ignored; `unreadable` recorded as a problem on the order — visible to the merchant in the
   * store's problems and the order's log, cleared when the order later reads — and not retried.
   */
  receive(externalId: string, read: OrderRead, options?: { actor?: string }): Promise<OrderOutcome>;
  /** External ids of this store's orders still pending issue, created in the last `days`, oldest update first. */
  pending(options: { days: number; limit: number }): Promise<string[]>;
  /** Records a refund of an order already ingested (nota de crédito follows). */
  recordRefund(orderExternalId: string, refund: RefundRequest, options?: { actor?: string }): Promise<void>;
}

export type OrderOutcome =
  | { kind: "ingested"; orderId: string; changed: boolean; status: string }
  | { kind: "not_found" }
  | { kind: "unreadable"; message: string };

export interface StoreCatalog {
  /** What the store has for these items now (matched to the hub by SKU), then publishes differences. */
  recordListings(listings: readonly ListingInput[]): Promise<void>;
  /** Queues a stock publish to this store. */
  schedulePublish(): Promise<void>;
  /** A merchant edited stock in the platform's admin. */
  recordStockEdit(edit: StoreStockEdit, options?: { actor?: string }): Promise<void>;
  /** The listing the hub knows for this platform inventory item (Shopify inventory item id). */
  findListing(by: { inventoryItemId: string }): Promise<PlatformRef | undefined>;
  /** Sets which warehouses feed this store, in priority order (codes). */
  setWarehouses(codes: readonly string[], options?: { actor?: string }): Promise<{ warehouses: string[] }>;
  /** Runs the whole catalog sync now (read the store, match SKUs, publish), optionally over a given port. */
  sync(options?: { actor?: string; port?: StoreCatalogPort }): Promise<SyncReport>;
  /**
   * The store's customer groups, each with its hub price list and every price in it
   * (`timbre store sync-settings <store> --customer-group G --price-list L`; catalog/group-price-lists.ts):
   * what a platform with per-group prices publishes (Magento tier prices).
   */
  groupPrices(): Promise<GroupPriceList[]>;
  /**
   * The hub's catalog as this store should show it, in SKU order after `after`: what "sell online"
   * publishes, with name, short name, description, weight, price and images
   * (catalog/store-catalog-items.ts): for a platform whose catalog comes from the hub (Magento).
   */
  items(options: { after?: string; limit: number }): Promise<StoreCatalogItem[]>;
}

export interface StoreProblem {
  code: string;
  /** Spanish: the merchant reads it. */
  message: string;
  /** The order it is about (platform id), when it is about one. */
  orderExternalId?: string | undefined;
  at: Date;
}

/**
 * Things the merchant must know about the connection (unreadable orders, deleted checkout fields,
 * revoked access). Shown in the store's admin pages; one open problem per (code, order).
 */
export interface StoreProblems {
  report(problem: { code: string; message: string; orderExternalId?: string; detail?: string }): Promise<void>;
  resolve(code: string, orderExternalId?: string): Promise<void>;
  list(options?: { limit?: number }): Promise<StoreProblem[]>;
}

/** Buyers' personal data on this store's orders (privacy requests; tax documents are kept). */
export interface StorePrivacy {
  /** The buyer's data Timbre holds, recorded in the audit log as `<platform>.customer_data_export`. */
  exportCustomerData(input: {
    orderExternalIds: string[];
    email?: string | undefined;
    requestId?: string | null;
    customerId?: string | null;
  }): Promise<{ orders: number }>;
  /** Erases e-mail, name and address on the buyer's orders. */
  redactCustomer(input: {
    orderExternalIds: string[];
    email?: string | undefined;
    customerId?: string | null;
  }): Promise<{ orders: string[] }>;
  /** Erases every buyer of the store and forgets its credentials (after uninstall). */
  redactShop(): Promise<{ orders: number }>;
}

export interface StoreCustomers {
  /** Matched by RUT, then e-mail, or created with its code (guests under the guest prefix). */
  record(input: CustomerInput, options?: { actor?: string }): Promise<{ code: string; created: boolean } | undefined>;
  /**
   * The customer group each customer with an account belongs in on this store, from the hub's
   * record: the group this store prices with the customer's own price list
   * (customers/customer-price-groups.ts; added by magento, optional until the runtime has it).
   */
  priceGroups?(): Promise<CustomerGroupAssignment[]>;
}

export interface StoreShipping {
  /** The store's mapped methods (names as its orders carry them). */
  list(): Promise<Array<{ method: string; mode: "own_courier" | "carrier" | "pickup"; carrier: string | null }>>;
  /** Maps one method (replaces an earlier mapping of the same name). */
  save(
    input: { method: string; mode: "own_courier" | "carrier" | "pickup"; carrier?: string | undefined },
    options?: { actor?: string },
  ): Promise<void>;
}

/**
 * What `readOrder` found. `delivery` is the order's shipping address when it has one (core creates
 * the delivery of a paid order for a store that maps its shipping methods).
 */
export type OrderRead =
  | { ok: true; order: NormalizedOrder; delivery?: PlatformAddress | undefined }
  /** The platform has no such order (deleted, or never ours): nothing to do. */
  | { ok: false; reason: "not_found" }
  /**
   * The platform answered but the order cannot be used (its shape failed our mapping, a required
   * field is missing). Becomes a merchant-visible problem on the order; `issues` say what failed.
   */
  | { ok: false; reason: "unreadable"; message: string; issues?: FieldIssue[] | undefined };
