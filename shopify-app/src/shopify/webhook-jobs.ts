import type { Store } from "@prisma/client";
import type { Db } from "@timbre/core/hub";
import { ingestShopifyOrder } from "./ingest-shopify-order.js";
import {
  PermanentFailure,
  RefundRequestSchema,
  enqueue,
  recordAudit,
  recordRefund,
  recordStoreStockEdit,
  type JobHandler,
} from "@timbre/core/platform-parts";
import { z } from "zod";
import { handleComplianceTopic, COMPLIANCE_TOPICS } from "./compliance.js";
import type { ShopifyGraphqlClient } from "./graphql-client.js";
import { ORDER } from "./graphql-operations.js";
import { gid, idString } from "./lossless-json.js";
import { GqlOrderSchema, refundFromOrder, type GqlOrder } from "./order-mapper.js";
import { readShopSettings, updateShopSettings } from "./shop-settings.js";

/**
 * The work behind each accepted webhook (job `shopify.webhook`, one per inbox event). Orders are
 * re-read from the Admin API before anything irreversible: a webhook retry carries the original
 * (possibly stale) body, and only the API says what the order is now.
 */
export const SHOPIFY_CATALOG_SYNC_JOB = "shopify.catalog.sync";

export interface ShopifyJobDeps {
  db: Db;
  clientFor(shop: string): ShopifyGraphqlClient;
}

const Payload = z.object({ inboxEventId: z.string().regex(/^\d+$/) });
const ACTOR = "shopify:webhook";

export function findShopifyStore(db: Db, shop: string): Promise<Store | null> {
  return db.store.findFirst({ where: { platform: "shopify", shopDomain: shop } });
}

export async function readOrder(client: ShopifyGraphqlClient, orderId: string): Promise<GqlOrder | null> {
  const data = await client.request<{ order: unknown }>(ORDER, { id: gid("Order", orderId) }, { expectedCost: 14 });
  return data.order ? GqlOrderSchema.parse(data.order) : null;
}

/** Re-reads the order and hands the current version to the core (idempotent, newer wins). */
export async function syncOrder(deps: ShopifyJobDeps, store: Store, orderId: string, actor: string): Promise<GqlOrder> {
  const order = await readOrder(deps.clientFor(store.shopDomain!), orderId);
  if (!order) throw new PermanentFailure(`Shopify has no order ${orderId} in ${store.shopDomain}`);
  await ingestShopifyOrder(deps.db, store, order, actor);
  return order;
}

export function shopifyWebhookJob(deps: ShopifyJobDeps): JobHandler {
  return async (payload) => {
    const parsed = Payload.safeParse(payload);
    if (!parsed.success) throw new PermanentFailure("shopify.webhook payload without inboxEventId");
    const { db } = deps;
    const event = await db.inboxEvent.findUnique({ where: { id: BigInt(parsed.data.inboxEventId) } });
    if (!event || event.processedAt) return;
    const body = (event.payload ?? {}) as Record<string, unknown>;
    const store = await findShopifyStore(db, event.shop);

    if (COMPLIANCE_TOPICS.has(event.topic)) {
      await handleComplianceTopic(db, store, event.topic, body);
    } else if (!store) {
      // A shop that never finished installing, or one whose data was already redacted: nothing to do.
    } else if (event.topic === "orders/delete") {
      // Deleting is only possible for orders that were never paid: nothing was issued, nothing to undo.
    } else if (event.topic.startsWith("orders/")) {
      const orderId = idString(body.id);
      if (!orderId) throw new PermanentFailure(`${event.topic} without order id`);
      await syncOrder(deps, store, orderId, ACTOR);
    } else if (event.topic === "refunds/create") {
      const orderId = idString(body.order_id);
      const refundId = idString(body.id);
      if (!orderId || !refundId) throw new PermanentFailure("refunds/create without order_id or id");
      const order = await syncOrder(deps, store, orderId, ACTOR);
      // The API's view of the refund when it already lists it; the signed body otherwise.
      const refund = RefundRequestSchema.parse(refundFromOrder(order, refundId) ?? refundFromPayload(body, refundId));
      await recordRefund(db, store, orderId, refund, ACTOR);
    } else if (event.topic === "inventory_levels/update") {
      await inventoryLevelChanged(db, store, body);
    } else if (event.topic.startsWith("products/")) {
      // A product changed in Shopify's admin (new variant, SKU edited, deleted): re-read the catalogue
      // and republish what differs. Coalesced: one sync per burst of edits.
      await enqueue(db, {
        kind: SHOPIFY_CATALOG_SYNC_JOB,
        payload: { storeId: store.id },
        dedupeKey: `${SHOPIFY_CATALOG_SYNC_JOB}:${store.id}`,
        runAt: new Date(Date.now() + 30_000),
      });
    } else if (event.topic === "app/uninstalled") {
      await uninstall(db, store);
    }
    await db.inboxEvent.update({ where: { id: event.id }, data: { processedAt: new Date() } });
  };
}

function refundFromPayload(body: Record<string, unknown>, refundId: string) {
  const lines = ((body.refund_line_items as Array<Record<string, unknown>> | undefined) ?? []).map((l) => ({
    externalId: idString(l.line_item_id) ?? "",
    quantity: Number(l.quantity ?? 0),
  }));
  return {
    externalId: refundId,
    reason: (typeof body.note === "string" && body.note.trim() ? body.note.trim() : "Devolución en Shopify").slice(
      0,
      90,
    ),
    lines: lines.filter((l) => l.externalId && l.quantity > 0),
    shipping: Array.isArray(body.refund_shipping_lines) && body.refund_shipping_lines.length > 0,
  };
}

/**
 * A quantity changed in Shopify. Our own writes echo back here (ignored by the core when the number
 * is what we published); a merchant's edit at the publishing location is logged and overwritten by
 * the next publish, because Timbre's warehouses are the master of stock.
 */
async function inventoryLevelChanged(db: Db, store: Store, body: Record<string, unknown>): Promise<void> {
  const item = idString(body.inventory_item_id);
  const available = typeof body.available === "number" ? body.available : Number(body.available);
  if (!item || !Number.isFinite(available)) return;
  const location = idString(body.location_id);
  const publishing = readShopSettings(store.settings).locationId;
  if (publishing && location && location !== publishing) return; // another location: not ours to publish
  const listing = await db.storeListing.findFirst({ where: { storeId: store.id, inventoryItemId: item } });
  if (!listing?.platformProductId) return; // not synced yet: the next catalogue sync will see it
  await recordStoreStockEdit(
    db,
    store,
    {
      ref: {
        productId: listing.platformProductId,
        variantId: listing.platformVariantId ?? undefined,
        inventoryItemId: item,
      },
      quantity: available,
    },
    ACTOR,
  );
}

/** The merchant removed the app: its tokens are dead, so drop them; orders and documents stay. */
async function uninstall(db: Db, store: Store): Promise<void> {
  await db.session.deleteMany({ where: { shop: store.shopDomain! } });
  await updateShopSettings(db, store.id, { uninstalledAt: new Date().toISOString() });
  await db.store.update({ where: { id: store.id }, data: { credentials: null } });
  await recordAudit(db, {
    companyId: store.companyId,
    storeId: store.id,
    subjectType: "store",
    subjectId: store.id,
    action: "shopify.uninstalled",
    actor: ACTOR,
    data: { shop: store.shopDomain },
  });
}
