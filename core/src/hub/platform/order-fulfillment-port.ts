import type { Store } from "@prisma/client";

/**
 * The order side of a store platform that deliveries need: tell the store its order left
 * ("shipped", with the tracking) or arrived ("completed"). Kept apart from the catalog port until
 * the platform port grows its order half; an adapter implements both. Calls must be idempotent: the
 * hub repeats them after a failure and always sends the delivery's current status.
 */
export interface FulfillmentUpdate {
  status: "shipped" | "completed";
  /** Null for a store pickup. */
  tracking: { number: string; carrier: string; url?: string | undefined } | null;
}

export interface OrderFulfillmentPort {
  markFulfilled(orderExternalId: string, update: FulfillmentUpdate): Promise<void>;
}

/**
 * The fulfillment port of one store, or undefined when its platform is not pushed to (WooCommerce
 * and PrestaShop read GET /api/v1/deliveries instead).
 */
export type FulfillmentAdapters = (store: Store) => OrderFulfillmentPort | undefined;

const factories = new Map<Store["platform"], (store: Store) => OrderFulfillmentPort | undefined>();

/** Platform parts register theirs when the hub starts; returns a function that undoes it (tests). */
export function registerFulfillmentAdapter(
  platform: Store["platform"],
  factory: (store: Store) => OrderFulfillmentPort | undefined,
): () => void {
  factories.set(platform, factory);
  return () => {
    if (factories.get(platform) === factory) factories.delete(platform);
  };
}

/**
 * Where a store's adapter comes from when no factory was registered for its platform: the platform
 * kit's runtime (platforms/runtime), which asks the store's connector. Set when a hub opens; a slot
 * rather than an import, because the runtime imports the use cases that import this port.
 */
let kitFallback: FulfillmentAdapters | undefined;

/** Returns the undo (the hub closing). */
export function setKitFulfillmentAdapters(adapters: FulfillmentAdapters): () => void {
  kitFallback = adapters;
  return () => {
    if (kitFallback === adapters) kitFallback = undefined;
  };
}

export const registeredFulfillmentAdapters: FulfillmentAdapters = (store) =>
  factories.get(store.platform)?.(store) ?? (factories.has(store.platform) ? undefined : kitFallback?.(store));
