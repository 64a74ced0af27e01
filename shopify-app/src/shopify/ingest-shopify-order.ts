import type { Store } from "@prisma/client";
import { deliverIngestedOrder, ingestOrder, recordAudit, type IngestResult } from "@timbre/core/platform-parts";
import type { Db } from "@timbre/core/hub";
import { normalizeShopifyOrder, type GqlOrder } from "./order-mapper.js";
import { shopifyDeliveryRequest } from "./map-recipient.js";

/**
 * A Shopify order, as just read from the Admin API, into the hub: the normalized order (issuing
 * follows), and for a paid one shipped to a Chilean address, its delivery by the merchant's own
 * couriers when the store maps its shipping methods. Both steps are idempotent.
 */
export async function ingestShopifyOrder(db: Db, store: Store, order: GqlOrder, actor: string): Promise<IngestResult> {
  const result = await ingestOrder(db, store.id, store.companyId, normalizeShopifyOrder(order), actor);
  const request = result.order.status === "paid" ? shopifyDeliveryRequest(order) : undefined;
  if (request) {
    const delivery = await deliverIngestedOrder(db, result.order.id, request, actor);
    if (!delivery.ok && delivery.reason === "invalid_address") {
      await recordAudit(db, {
        companyId: store.companyId,
        storeId: store.id,
        subjectType: "order",
        subjectId: result.order.id,
        action: "delivery.not_created",
        actor,
        data: { reason: delivery.message },
      });
    }
  }
  return result;
}
