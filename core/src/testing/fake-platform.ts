import type {
  InventoryOutcome,
  InventoryUpdate,
  ListingPage,
  PlatformLimits,
  PlatformRef,
  StoreCatalogPort,
} from "../hub/platform/catalog-port.js";
import { PlatformThrottledError } from "../hub/platform/catalog-port.js";
import { systemClock, type Clock } from "../hub/platform/clock.js";
import { historyNeeded, waitBeforeNext } from "../rules/stock/pacing.js";

export interface FakeItem {
  productId: string;
  variantId?: string;
  inventoryItemId?: string;
  sku: string | null;
  title: string;
  price?: number;
  quantity: number | null;
  imageUrls?: string[];
}

export interface FakePlatformOptions {
  limits: PlatformLimits;
  /** The clock the fake's own rate limit is measured on (share the hub's virtual clock in benchmarks). */
  clock?: Clock;
  /** Answer like the platform does when its limits are exceeded (default true). */
  enforceRateLimits?: boolean;
}

/**
 * An in-memory store platform behind the catalog port, strict where real ones are: it refuses
 * oversized batches, throttles requests beyond its rate limits, answers unknown items per item and,
 * when its limits say so, refuses stale compare-and-set writes. Counters let tests and the benchmark
 * see what the hub sent.
 */
export class FakePlatform {
  readonly port: StoreCatalogPort;
  requests = 0;
  inventoryRequests = 0;
  itemsWritten = 0;
  throttledResponses = 0;
  private items = new Map<string, FakeItem>();
  private starts: number[] = [];
  private readonly clock: Clock;

  constructor(private readonly options: FakePlatformOptions) {
    this.clock = options.clock ?? systemClock;
    const limits = options.limits;
    this.port = {
      limits,
      listListings: async (cursor) => this.list(cursor),
      setInventory: async (updates) => this.setInventory(updates),
    };
  }

  seed(items: readonly FakeItem[]): PlatformRef[] {
    return items.map((i) => {
      this.items.set(keyOf(i), { ...i });
      return refOf(i);
    });
  }

  quantity(ref: PlatformRef): number | null | undefined {
    return this.items.get(keyOf(ref))?.quantity;
  }

  bySku(sku: string): FakeItem[] {
    return [...this.items.values()].filter((i) => i.sku === sku);
  }

  /** A merchant changes stock in the store's admin, behind the hub's back. */
  edit(ref: PlatformRef, quantity: number): void {
    const item = this.items.get(keyOf(ref));
    if (!item) throw new Error(`no item ${keyOf(ref)}`);
    item.quantity = quantity;
  }

  private admit(): void {
    this.requests++;
    if (this.options.enforceRateLimits === false) return;
    const now = this.clock.now();
    const wait = waitBeforeNext(this.starts, this.options.limits, now);
    if (wait > 0) {
      this.throttledResponses++;
      throw new PlatformThrottledError(wait);
    }
    this.starts.push(now);
    const keep = historyNeeded(this.options.limits);
    if (this.starts.length > keep) this.starts.splice(0, this.starts.length - keep);
  }

  private list(cursor: string | null): ListingPage {
    this.admit();
    const all = [...this.items.values()].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
    const offset = cursor === null ? 0 : Number(cursor);
    const page = all.slice(offset, offset + this.options.limits.pageSize);
    const next = offset + page.length;
    return {
      listings: page.map((i) => ({
        ref: refOf(i),
        sku: i.sku,
        title: i.title,
        price: i.price,
        quantity: i.quantity,
        imageUrls: i.imageUrls ?? [],
      })),
      nextCursor: next < all.length ? String(next) : null,
      total: all.length,
    };
  }

  private setInventory(updates: readonly InventoryUpdate[]): InventoryOutcome[] {
    if (updates.length > this.options.limits.inventoryBatchSize) {
      throw new Error(`400: at most ${this.options.limits.inventoryBatchSize} items per request`);
    }
    this.admit();
    this.inventoryRequests++;
    return updates.map((u): InventoryOutcome => {
      const item = this.items.get(keyOf(u.ref));
      if (!item) return { ok: false, reason: "not_found", message: `no item ${keyOf(u.ref)}` };
      if (!Number.isInteger(u.quantity) || u.quantity < 0)
        return { ok: false, reason: "rejected", message: "quantity must be a whole number ≥ 0" };
      if (
        this.options.limits.compareAndSet &&
        u.expected !== null &&
        item.quantity !== null &&
        u.expected !== item.quantity
      ) {
        return { ok: false, reason: "stale", actual: item.quantity };
      }
      item.quantity = u.quantity;
      this.itemsWritten++;
      return { ok: true };
    });
  }
}

function keyOf(r: { productId: string; variantId?: string | undefined }): string {
  return `${r.productId}/${r.variantId ?? ""}`;
}

function refOf(i: FakeItem): PlatformRef {
  return {
    productId: i.productId,
    ...(i.variantId ? { variantId: i.variantId } : {}),
    ...(i.inventoryItemId ? { inventoryItemId: i.inventoryItemId } : {}),
  };
}

export function createFakePlatform(options: FakePlatformOptions): FakePlatform {
  return new FakePlatform(options);
}
