import type { InboxEventView, ListingInput } from "@timbre/core/platforms";
import type { MeliClient } from "../client/meli-client.js";
import { readShipment } from "../orders/read-sale.js";
import { itemListings, readItem } from "../stock/catalog-port.js";
import { NotificationSchema, type MeliNotification } from "./notifications.js";
import { saleIdOfOrder, syncSale } from "./sync-sale.js";
import type { MeliStore } from "./store-client.js";
import { sellerProfile } from "./seller-profile.js";

export interface TopicDeps {
  client(store: MeliStore): MeliClient;
  now: () => number;
}

/** The id at the end of `/orders/123`, `/shipments/45`, `/items/MLC9` (or `/orders/123/…`). */
export function resourceId(resource: string, kind: string): string | undefined {
  const m = new RegExp(`^/${kind}/([^/?#]+)`).exec(resource);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

function notificationOf(event: InboxEventView): MeliNotification | undefined {
  const n = NotificationSchema.safeParse(event.payload);
  return n.success ? n.data : undefined;
}

/**
 * What each topic does: always re-read the resource with the seller's token (never the body), then
 * the one rule for the sale it belongs to. `orders_v2` and `shipments` lead to the sale (the pack);
 * `items` records what the listing shows now (a stock edit in ML's panel) and lets the hub answer.
 */
export function meliTopics(deps: TopicDeps) {
  const actor = "mercadolibre.notification";
  const sale = async (store: MeliStore, saleId: string | null | undefined) => {
    if (saleId) await syncSale(store, deps.client(store), saleId, { actor, now: deps.now });
  };
  return {
    async orders_v2(event: InboxEventView, store: MeliStore): Promise<void> {
      const n = notificationOf(event);
      const orderId = n && resourceId(n.resource, "orders");
      if (!orderId) return;
      await sale(store, await saleIdOfOrder(deps.client(store), orderId));
    },
    async shipments(event: InboxEventView, store: MeliStore): Promise<void> {
      const n = notificationOf(event);
      const shipmentId = n && resourceId(n.resource, "shipments");
      if (!shipmentId) return;
      const client = deps.client(store);
      const shipment = await readShipment(client, shipmentId);
      if (!shipment) return;
      await sale(
        store,
        shipment.pack_id ?? (shipment.order_id ? await saleIdOfOrder(client, shipment.order_id) : null),
      );
    },
    async items(event: InboxEventView, store: MeliStore): Promise<void> {
      const n = notificationOf(event);
      const itemId = n && resourceId(n.resource, "items");
      if (!itemId) return;
      const client = deps.client(store);
      const item = await readItem(client, itemId);
      if (!item) return;
      const listings = await itemListings(client, item, await sellerProfile(store));
      const inputs: ListingInput[] = listings.map((l) => ({
        sku: l.sku,
        title: l.title,
        ref: l.ref,
        ...(l.price !== undefined ? { price: l.price } : {}),
        quantity: l.quantity,
      }));
      await store.catalog.recordListings(inputs);
    },
  };
}
