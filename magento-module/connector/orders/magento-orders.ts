import type { FulfillmentUpdate, RefundRequest } from "@timbre/core/platform-parts";
import { MagentoApiError, magentoTime, searchCriteria, type MagentoClient } from "../client/magento-client.js";
import { MagentoOrderSchema, type MagentoOrder } from "./magento-order.js";

/** The order by its increment id (the number the merchant sees), or null. */
export async function findOrder(client: MagentoClient, incrementId: string): Promise<unknown | null> {
  const r = await client.get<{ items: unknown[] }>(
    "orders",
    searchCriteria([["increment_id", incrementId]], { pageSize: 1 }),
  );
  return r.items[0] ?? null;
}

export interface OrdersPage {
  orders: unknown[];
  total: number;
}

/** Orders updated at or after `since` (UTC), oldest update first. */
export async function ordersUpdatedSince(
  client: MagentoClient,
  since: Date,
  page: number,
  pageSize = 50,
): Promise<OrdersPage> {
  const r = await client.get<{ items: unknown[]; total_count: number }>(
    "orders",
    searchCriteria([["updated_at", magentoTime.fromDate(since), "gteq"]], {
      sort: ["updated_at", "ASC"],
      pageSize,
      page,
    }),
  );
  return { orders: r.items, total: r.total_count };
}

interface CreditMemo {
  entity_id: number;
  increment_id?: string;
  order_id: number;
  shipping_amount?: number;
  adjustment_positive?: number;
  items: Array<{ order_item_id: number; qty: number; parent_id?: number }>;
}

/** The order's credit memos as hub refunds: each one becomes one nota de crédito. */
export async function creditMemoRefunds(client: MagentoClient, order: MagentoOrder): Promise<RefundRequest[]> {
  const r = await client.get<{ items: CreditMemo[] }>(
    "creditmemos",
    searchCriteria([["order_id", order.entity_id]], { pageSize: 100 }),
  );
  const lineIds = new Set(order.items.filter((i) => !i.parent_item_id).map((i) => i.item_id));
  return r.items.flatMap((cm) => {
    const lines = cm.items
      .filter((i) => Number(i.qty) > 0 && lineIds.has(String(i.order_item_id)))
      .map((i) => ({ externalId: String(i.order_item_id), quantity: Number(i.qty) }));
    const shipping = Number(cm.shipping_amount ?? 0) > 0;
    if (lines.length === 0 && !shipping) return [];
    return [
      {
        externalId: `creditmemo:${cm.increment_id ?? cm.entity_id}`,
        reason: `Nota de crédito Magento N° ${cm.increment_id ?? cm.entity_id}`,
        lines,
        shipping,
      },
    ];
  });
}

/**
 * Our delivery left (or arrived): Magento's shipment with the tracking number, `notify` on so
 * Magento e-mails the buyer; an invoiced order shipped in full becomes `complete`. On arrival the
 * order's history says it was delivered. Idempotent: an order already shipped only gets the
 * tracking number added when it lacks it, and the delivery is noted once.
 */
export async function shipOrder(
  client: MagentoClient,
  incrementId: string,
  update: FulfillmentUpdate,
  sourceCode?: string,
): Promise<void> {
  const raw = await findOrder(client, incrementId);
  if (!raw) throw new MagentoApiError(404, `no order ${incrementId}`, "orders");
  const order = MagentoOrderSchema.parse(raw);
  const shipments = await client.get<{ items: Array<{ entity_id: number; tracks?: Array<{ track_number: string }> }> }>(
    "shipments",
    searchCriteria([["order_id", order.entity_id]], { pageSize: 20 }),
  );
  const track = update.tracking
    ? [{ track_number: update.tracking.number, title: update.tracking.carrier || "Despacho", carrier_code: "custom" }]
    : [];
  if (shipments.items.length > 0) {
    const has = shipments.items.some((s) => (s.tracks ?? []).some((t) => t.track_number === update.tracking?.number));
    if (!has && track[0]) {
      await client.post("shipment/track", {
        track: {
          ...track[0],
          order_id: Number(order.entity_id),
          parent_id: shipments.items[0]!.entity_id,
          qty: 1,
          weight: 0,
          description: "",
        },
      });
    }
  } else {
    await client.post(`order/${order.entity_id}/ship`, {
      notify: true,
      tracks: track,
      ...(sourceCode ? { arguments: { extension_attributes: { source_code: sourceCode } } } : {}),
    });
  }
  if (update.status === "completed") await noteDelivered(client, order.entity_id, raw);
}

/** What the order's history says once our delivery arrived (Magento has no "delivered" state). */
export const DELIVERED_COMMENT = "Entregado al comprador (despacho Timbre).";

/** Once per order: a visible comment on the order's history that the buyer got the parcel. */
async function noteDelivered(client: MagentoClient, entityId: string | number, raw: unknown): Promise<void> {
  const history = (raw as { status_histories?: Array<{ comment?: string | null }> }).status_histories ?? [];
  if (history.some((h) => h.comment === DELIVERED_COMMENT)) return;
  await client.post(`orders/${entityId}/comments`, {
    statusHistory: { comment: DELIVERED_COMMENT, is_customer_notified: 0, is_visible_on_front: 1 },
  });
}

/** Writes "Boleta electrónica N° 12 …" on the order: the module's table when installed, an order comment otherwise. */
export async function writeDocument(
  client: MagentoClient,
  incrementId: string,
  doc: { key: string; label: string; state: string; pdfUrl: string },
  moduleInstalled: boolean,
): Promise<void> {
  if (moduleInstalled) {
    await client.post(`timbre/orders/${encodeURIComponent(incrementId)}/documents`, {
      documentKey: doc.key,
      label: doc.label,
      state: doc.state,
      pdfUrl: doc.pdfUrl,
    });
    return;
  }
  const raw = await findOrder(client, incrementId);
  if (!raw) return;
  const order = MagentoOrderSchema.parse(raw);
  await client.post(`orders/${order.entity_id}/comments`, {
    statusHistory: {
      comment: `${doc.label}: ${doc.state}. PDF: ${doc.pdfUrl}`,
      is_customer_notified: 0,
      is_visible_on_front: 1,
    },
  });
}
