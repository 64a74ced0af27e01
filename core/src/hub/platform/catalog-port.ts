import type { RateLimits } from "../../rules/stock/pacing.js";

/**
 * The stock and catalog side of a store platform, as the hub needs it. Each platform part
 * (Shopify GraphQL, Jumpseller REST, WooCommerce REST, PrestaShop webservice) implements it and
 * runs the shared contract suite (testing/platform-contract.ts). The order side (read an order,
 * write back folio and tracking) is a separate interface; `StorePlatformPort` composes them.
 *
 * Adapters make exactly one HTTP request per call and never sleep or retry on a rate limit: the hub
 * paces every call through the store's limiter (paced-port.ts) and retries throttled ones.
 */
export interface StoreCatalogPort {
  readonly limits: PlatformLimits;
  /** One page of the store's sellable items (variants, or products without variants). */
  listListings(cursor: string | null): Promise<ListingPage>;
  /**
   * Sets absolute quantities, at most `limits.inventoryBatchSize` per call. Returns one outcome per
   * update, in the same order; a per-item problem is an outcome, not an exception.
   */
  setInventory(updates: readonly InventoryUpdate[]): Promise<InventoryOutcome[]>;
}

/** What every connected store implements; the order side joins it with the order issue. */
export type StorePlatformPort = StoreCatalogPort;

export interface PlatformLimits extends RateLimits {
  /** Most updates one setInventory call may carry: Shopify 250, WooCommerce 100, Jumpseller and PrestaShop 1. */
  inventoryBatchSize: number;
  /** Items per listListings page. */
  pageSize: number;
  /** The platform refuses a write whose `expected` no longer matches (Shopify changeFromQuantity). */
  compareAndSet: boolean;
}

/** Where an item lives on the platform. Ids are strings: Shopify's exceed 2^53. */
export interface PlatformRef {
  productId: string;
  /** Absent for a product without variants (Jumpseller, WooCommerce simple products). */
  variantId?: string | undefined;
  /** Shopify's InventoryItem id; other platforms write stock on the product or variant. */
  inventoryItemId?: string | undefined;
}

export interface PlatformListing {
  ref: PlatformRef;
  /** Null when the store has none: reported, never guessed from the title. */
  sku: string | null;
  title: string;
  /** Whole CLP as the store sells it, when it says. */
  price?: number | undefined;
  /** What the store shows now; null when it does not track stock for this item. */
  quantity: number | null;
  imageUrls: string[];
}

export interface ListingPage {
  listings: PlatformListing[];
  /** Pass back for the next page; null on the last one. */
  nextCursor: string | null;
  /** Total items, when the platform says (X-WP-Total, count endpoints). */
  total?: number | undefined;
}

export interface InventoryUpdate {
  ref: PlatformRef;
  sku: string;
  /** Whole units, never negative. */
  quantity: number;
  /** What we believe the store shows now (compare-and-set); null when unknown. */
  expected: number | null;
}

export type InventoryOutcome =
  | { ok: true }
  /** The store showed something else: someone edited it there. `actual` is what it showed. */
  | { ok: false; reason: "stale"; actual: number }
  | { ok: false; reason: "not_found" | "rejected"; message: string };

/** The platform said "too many requests"; the pacer waits `retryAfterMs` and tries again. */
export class PlatformThrottledError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`throttled; retry after ${retryAfterMs} ms`);
    this.name = "PlatformThrottledError";
  }
}
