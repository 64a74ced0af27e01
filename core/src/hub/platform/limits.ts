import type { PlatformLimits } from "./catalog-port.js";

/**
 * Published limits per platform (research/platforms.md §1.6, §2.1, §3.1, §4.2; anchors.md §3a).
 * - Shopify: inventorySetQuantities takes ≤ 250 quantities; the limit is a cost bucket (100 points/s
 *   on Standard). At ~25 points per 250-item mutation that is 4 calls/s; the Shopify adapter should
 *   tune this from `throttleStatus` and throw PlatformThrottledError on THROTTLED.
 * - Jumpseller: one PUT per product or variant, 20 req/s and 800 req/min per store.
 * - WooCommerce: /products/batch takes ≤ 100; no platform limit, the host decides, so we stay gentle
 *   on shared hosting (2 req/s: a batch of 100 is seconds of PHP work).
 * - PrestaShop: one stock_availables write per request; no platform limit; 5 req/s for the host.
 */
export const PLATFORM_LIMITS: Record<"shopify" | "jumpseller" | "woocommerce" | "prestashop", PlatformLimits> = {
  shopify: { inventoryBatchSize: 250, pageSize: 250, perSecond: 4, compareAndSet: true },
  jumpseller: { inventoryBatchSize: 1, pageSize: 100, perSecond: 20, perMinute: 800, compareAndSet: false },
  woocommerce: { inventoryBatchSize: 100, pageSize: 100, perSecond: 2, compareAndSet: false },
  prestashop: { inventoryBatchSize: 1, pageSize: 100, perSecond: 5, compareAndSet: false },
};
