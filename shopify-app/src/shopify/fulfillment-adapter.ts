import type { FulfillmentUpdate, OrderFulfillmentPort } from "@timbre/core/platform-parts";
import { TimbreError } from "@timbre/core/platform-parts";
import type { ShopifyGraphqlClient } from "./graphql-client.js";
import { FULFILL, FULFILLMENT_ORDERS, TRACKING_UPDATE } from "./graphql-operations.js";
import { gid } from "./lossless-json.js";

/**
 * Tracking through fulfillments: the order's open fulfillment orders are fulfilled (whole, with the
 * tracking) the first time; later calls only update the tracking of the existing fulfillment, so a
 * repeated call never creates a second one. "completed" has no Shopify state beyond fulfilled.
 */
interface FulfillmentState {
  order: {
    fulfillmentOrders: { nodes: Array<{ id: string; status: string }> };
    fulfillments: Array<{
      id: string;
      trackingInfo: Array<{ company: string | null; number: string | null; url: string | null }>;
    }>;
  } | null;
}

export function shopifyFulfillmentPort(client: ShopifyGraphqlClient): OrderFulfillmentPort {
  return {
    async markFulfilled(orderExternalId: string, update: FulfillmentUpdate) {
      const state = await client.request<FulfillmentState>(FULFILLMENT_ORDERS, { id: gid("Order", orderExternalId) });
      if (!state.order) throw fail(orderExternalId, "order not found");
      const tracking = update.tracking
        ? {
            company: update.tracking.carrier,
            number: update.tracking.number,
            ...(update.tracking.url ? { url: update.tracking.url } : {}),
          }
        : undefined;
      const existing = state.order.fulfillments[0];
      if (existing) {
        const t = existing.trackingInfo[0];
        if (tracking && (t?.number !== tracking.number || t?.company !== tracking.company)) {
          const r = await client.request<{ fulfillmentTrackingInfoUpdate: { userErrors: Array<{ message: string }> } }>(
            TRACKING_UPDATE,
            {
              fulfillmentId: existing.id,
              trackingInfoInput: tracking,
            },
          );
          if (r.fulfillmentTrackingInfoUpdate.userErrors.length)
            throw fail(orderExternalId, r.fulfillmentTrackingInfoUpdate.userErrors.map((e) => e.message).join("; "));
        }
        return;
      }
      const open = state.order.fulfillmentOrders.nodes.filter((f) => f.status === "OPEN" || f.status === "IN_PROGRESS");
      if (open.length === 0) return;
      const r = await client.request<{ fulfillmentCreate: { userErrors: Array<{ message: string }> } }>(FULFILL, {
        fulfillment: {
          // Empty line items fulfil the whole fulfillment order.
          lineItemsByFulfillmentOrder: open.map((f) => ({ fulfillmentOrderId: f.id })),
          notifyCustomer: update.status === "shipped",
          ...(tracking ? { trackingInfo: tracking } : {}),
        },
      });
      if (r.fulfillmentCreate.userErrors.length)
        throw fail(orderExternalId, r.fulfillmentCreate.userErrors.map((e) => e.message).join("; "));
    },
  };
}

function fail(order: string, detail: string) {
  return new TimbreError(
    "shopify.fulfillment",
    {
      es: `Shopify no aceptó el despacho del pedido ${order}.`,
      en: `Shopify refused the fulfillment of order ${order}.`,
    },
    { kind: "upstream", detail },
  );
}
