import type { NormalizedOrder, RefundRequest } from "@timbre/core/platform-parts";
import { mapOrder, mapRefund, shippingAddress } from "./map-order.js";
import type { WooClient } from "./woo-client.js";
import type { PlatformAddress } from "@timbre/core/platform-parts";

/**
 * The hub's own look at the shop: orders modified since the cursor (`modified_after`, in GMT),
 * 100 a page in id order (a stable order: sorting by date skips and repeats rows with the same
 * second), each mapped and handed on with its refunds. WooCommerce's webhooks never retry and the
 * plugin may have been off: this is what makes "nothing is lost" true. Returns the new cursor: the
 * latest modification seen, minus nothing — the next run asks again from that second, and the hub's
 * idempotency absorbs the overlap.
 */
export interface SweptOrder {
  externalId: string;
  order?: NormalizedOrder;
  delivery?: PlatformAddress;
  /** Why it could not be mapped (shown to the merchant on the order). */
  unreadable?: string;
  refunds: RefundRequest[];
}

export async function sweepOrders(
  client: WooClient,
  since: string | null,
  handle: (o: SweptOrder) => Promise<void>,
  options: { paidStatuses?: readonly string[]; now?: () => Date; firstRunDays?: number } = {},
): Promise<{ cursor: string; orders: number }> {
  const now = options.now ?? (() => new Date());
  const from = since ?? new Date(now().getTime() - (options.firstRunDays ?? 7) * 86_400_000).toISOString();
  let cursor = from;
  let page = 1;
  let count = 0;
  for (;;) {
    const r = await client.get<Array<Record<string, unknown>>>("/orders", {
      modified_after: from.replace(/\.\d+Z$/, "Z").replace(/Z$/, ""),
      dates_are_gmt: "true",
      orderby: "id",
      order: "asc",
      per_page: 100,
      page,
      status: "any",
    });
    for (const raw of r.body) {
      const externalId = String(raw.id);
      const modified = typeof raw.date_modified_gmt === "string" ? `${raw.date_modified_gmt.replace(/Z$/, "")}Z` : null;
      if (modified && modified > cursor) cursor = modified;
      if (raw.status === "checkout-draft" || raw.status === "trash") continue;
      count++;
      let swept: SweptOrder;
      try {
        swept = { externalId, order: mapOrder(raw, options.paidStatuses), delivery: shippingAddress(raw), refunds: [] };
      } catch (e) {
        await handle({ externalId, unreadable: (e as Error).message, refunds: [] });
        continue;
      }
      if (Array.isArray(raw.refunds) && raw.refunds.length > 0) {
        const refunds = await client.get<unknown[]>(`/orders/${externalId}/refunds`, { per_page: 100 });
        swept.refunds = refunds.body
          .map(mapRefund)
          .filter((x): x is NonNullable<typeof x> => x !== null)
          .reverse();
      }
      await handle(swept);
    }
    const pages = Number(r.headers.get("x-wp-totalpages") ?? "1");
    if (page >= pages || r.body.length === 0) break;
    page++;
  }
  return { cursor, orders: count };
}
