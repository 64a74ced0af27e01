import type { InventoryOutcome, InventoryUpdate, ListingPage, StoreCatalogPort } from "./catalog-port.js";
import { PlatformThrottledError } from "./catalog-port.js";
import type { RateLimiter } from "./rate-limiter.js";

export interface PacedPort extends StoreCatalogPort {
  /** Requests sent so far, throttled ones included. */
  readonly requests: number;
  readonly throttled: number;
}

const MAX_THROTTLED_RETRIES = 8;

/**
 * The port as the hub uses it: every request waits for the store's limiter, a throttled one is
 * retried after the platform's delay, and an oversized batch never leaves the hub.
 */
export function pacedPort(port: StoreCatalogPort, limiter: RateLimiter): PacedPort {
  let requests = 0;
  let throttled = 0;
  async function call<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await limiter.acquire();
      requests++;
      try {
        return await fn();
      } catch (e) {
        if (!(e instanceof PlatformThrottledError) || attempt >= MAX_THROTTLED_RETRIES) throw e;
        throttled++;
        limiter.pause(e.retryAfterMs);
      }
    }
  }
  return {
    limits: port.limits,
    get requests() {
      return requests;
    },
    get throttled() {
      return throttled;
    },
    listListings: (cursor): Promise<ListingPage> => call(() => port.listListings(cursor)),
    setInventory(updates: readonly InventoryUpdate[]): Promise<InventoryOutcome[]> {
      if (updates.length > port.limits.inventoryBatchSize) {
        throw new RangeError(`batch of ${updates.length} exceeds the platform's ${port.limits.inventoryBatchSize}`);
      }
      return call(() => port.setInventory(updates));
    },
  };
}
