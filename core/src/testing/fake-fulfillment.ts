import type { Store } from "@prisma/client";
import type { FulfillmentAdapters, FulfillmentUpdate } from "../hub/platform/order-fulfillment-port.js";

export interface FulfillmentCall {
  storeId: string;
  orderExternalId: string;
  update: FulfillmentUpdate;
}

/**
 * An in-memory store that records what the hub wrote back to its orders: the emulator the courier
 * tests (and the demo) check "the store order was marked completed" against.
 */
export interface FakeFulfillment {
  adapters: FulfillmentAdapters;
  calls: FulfillmentCall[];
  /** The order as the store now shows it: status and tracking, or undefined if never written. */
  order(
    storeId: string,
    orderExternalId: string,
  ): { status: "pending" | "shipped" | "completed"; tracking: FulfillmentUpdate["tracking"] } | undefined;
  /** The next `n` calls throw, as a store that is down would. */
  failNext(n: number): void;
}

export function createFakeFulfillment(): FakeFulfillment {
  const calls: FulfillmentCall[] = [];
  const orders = new Map<string, { status: "shipped" | "completed"; tracking: FulfillmentUpdate["tracking"] }>();
  let failures = 0;
  const adapters: FulfillmentAdapters = (store: Store) => ({
    async markFulfilled(orderExternalId, update) {
      if (failures > 0) {
        failures -= 1;
        throw new Error("store unavailable (fake)");
      }
      calls.push({ storeId: store.id, orderExternalId, update });
      const key = `${store.id}/${orderExternalId}`;
      // A store never goes back from completed to shipped, whatever order the calls arrive in.
      if (orders.get(key)?.status === "completed" && update.status === "shipped") return;
      orders.set(key, { status: update.status, tracking: update.tracking });
    },
  });
  return {
    adapters,
    calls,
    order: (storeId, orderExternalId) => orders.get(`${storeId}/${orderExternalId}`),
    failNext(n) {
      failures = n;
    },
  };
}
