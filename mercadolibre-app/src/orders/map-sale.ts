import type { NormalizedOrderInput, RefundRequest } from "@timbre/core/platform-parts";
import { billingBuyer } from "./billing-buyer.js";
import type { MeliBillingInfo, MeliOrder, MeliShipment } from "./meli-schemas.js";

/**
 * A sale on Mercado Libre: one pack (a cart) of 1..N orders, or a lone order when its pack is null.
 * It is the unit of Timbre's document: one boleta or factura, one upload.
 */
export interface MeliSale {
  /** The pack id, or the order id when the pack is null: the hub order's external id. */
  id: string;
  packId: string | null;
  orders: MeliOrder[];
  billing?: MeliBillingInfo | undefined;
  shipment?: MeliShipment | undefined;
}

export interface MappedSale {
  order: NormalizedOrderInput;
  /** Full (fulfillment) packs in Chile cannot receive fiscal documents. */
  full: boolean;
  /** me1 / me2 / custom / not_specified, when known. */
  shippingMode: string | null;
  shipmentId: string | null;
  /** Orders of the pack cancelled or refunded after payment while the rest stands: notas de crédito. */
  refunds: RefundRequest[];
  /** What the merchant must handle themselves (Spanish), by code. */
  notes: Array<{ code: string; message: string }>;
}

const PAID = new Set(["paid", "partially_refunded"]);
const DEAD = new Set(["cancelled", "invalid"]);

const cut = (s: string | null | undefined, max: number) => {
  const t = (s ?? "").replace(/\s+/g, " ").trim();
  return t ? t.slice(0, max) : undefined;
};
const clp = (n: number | null | undefined) => Math.max(0, Math.round(n ?? 0));

/** The seller's SKU for an order line: the SELLER_SKU attribute (`seller_sku`), else the older custom field. */
export function lineSku(item: MeliOrder["order_items"][number]["item"]): string | undefined {
  return cut(item.seller_sku, 35) ?? cut(item.seller_custom_field, 35);
}

export const lineId = (orderId: string, item: MeliOrder["order_items"][number]["item"]) =>
  item.variation_id ? `${orderId}:${item.id}:${item.variation_id}` : `${orderId}:${item.id}`;

/**
 * The pack's state from its orders: cancelled when every order is, pending while any order still
 * waits for its payment (or a cancellation is under way), paid otherwise — partially refunded when
 * an order says so.
 */
export function saleStatus(statuses: readonly string[]): NormalizedOrderInput["status"] {
  if (statuses.length === 0 || statuses.every((s) => DEAD.has(s))) return "cancelled";
  const live = statuses.filter((s) => !DEAD.has(s));
  if (!live.every((s) => PAID.has(s))) return "pending";
  return live.includes("partially_refunded") ? "partially_refunded" : "paid";
}

export function isFullShipment(s: MeliShipment | undefined): boolean {
  return (s?.logistic_type ?? s?.logistic?.type) === "fulfillment";
}

/**
 * When the sale last changed on Mercado Libre: the latest `last_updated` of its orders. The hub keeps
 * a read only when it is newer, so the same pack notified again (or once per order) changes nothing;
 * the time of reading is used only when ML gives no date at all.
 */
export function saleUpdatedAt(orders: readonly MeliOrder[], readAt: Date): string {
  let latest = Number.NEGATIVE_INFINITY;
  for (const o of orders) {
    const t = Date.parse(o.last_updated ?? o.date_last_updated ?? o.date_closed ?? o.date_created ?? "");
    if (Number.isFinite(t) && t > latest) latest = t;
  }
  return new Date(Number.isFinite(latest) ? latest : readAt.getTime()).toISOString();
}

/** Mercado Libre sale → the hub's normalized order (+ what else the pack says). */
export function mapSale(sale: MeliSale, readAt: Date): MappedSale {
  const orders = [...sale.orders].sort((a, b) => a.id.localeCompare(b.id));
  const lines = orders.flatMap((o) =>
    o.order_items.map((it) => {
      const sku = lineSku(it.item);
      return {
        externalId: lineId(o.id, it.item),
        ...(sku ? { sku } : {}),
        name: cut(it.item.title, 80) ?? `Producto ${it.item.id}`,
        quantity: it.quantity > 0 ? it.quantity : 1,
        unitPrice: clp(it.unit_price),
        discount: 0,
        exempt: false,
      };
    }),
  );
  const status = saleStatus(orders.map((o) => o.status));
  const shippingMode = sale.shipment?.mode ?? sale.shipment?.logistic?.mode ?? null;
  // Mercado Envíos 2 bills its shipping itself; the seller's own shipping (ME1, custom) is part of the sale.
  const ownShipping = shippingMode === "me1" || shippingMode === "custom";
  const shippingCost = ownShipping
    ? orders.reduce(
        (s, o) => s + clp(o.shipping_cost ?? (o.payments ?? []).reduce((p, x) => p + clp(x.shipping_cost), 0)),
        0,
      )
    : 0;

  const refunds: RefundRequest[] = [];
  const notes: MappedSale["notes"] = [];
  if (status !== "cancelled" && status !== "pending") {
    for (const o of orders) {
      const ids = o.order_items.map((it) => ({ externalId: lineId(o.id, it.item), quantity: it.quantity }));
      if (DEAD.has(o.status) && ids.length > 0) {
        refunds.push({
          externalId: `order-cancelled:${o.id}`,
          reason: `Orden ${o.id} cancelada en Mercado Libre`.slice(0, 90),
          lines: ids,
          shipping: false,
        });
      } else if (o.status === "partially_refunded") {
        const refund = wholeUnitRefund(o);
        if (refund) refunds.push(refund);
        else
          notes.push({
            code: "partial_refund_manual",
            message: `Mercado Libre reembolsó una parte de la orden ${o.id} que no corresponde a unidades enteras: emita la nota de crédito indicando qué se devolvió.`,
          });
      }
    }
  }
  const first = orders[0];
  return {
    order: {
      externalId: sale.id,
      number: sale.id,
      status,
      updatedAt: saleUpdatedAt(orders, readAt),
      pricesIncludeTax: true,
      buyer: billingBuyer(sale.billing, first),
      lines,
      shipping: shippingCost > 0 ? { name: "Despacho", price: shippingCost, exempt: false } : null,
    },
    full: isFullShipment(sale.shipment),
    shippingMode,
    shipmentId: sale.shipment?.id ?? orders.find((o) => o.shipping?.id)?.shipping?.id ?? null,
    refunds,
    notes,
  };
}

/**
 * A partial refund Timbre can credit by itself: the refunded amount is a whole number of units of
 * one line (a returned item). Anything else needs the merchant to say what came back.
 */
function wholeUnitRefund(o: MeliOrder): RefundRequest | undefined {
  const refunded = clp((o.payments ?? []).reduce((s, p) => s + (p.transaction_amount_refunded ?? 0), 0));
  if (refunded <= 0) return undefined;
  for (const it of o.order_items) {
    const price = clp(it.unit_price);
    if (price <= 0 || refunded % price !== 0) continue;
    const units = refunded / price;
    if (units <= it.quantity) {
      return {
        // Once per order: ML reports the refunded total, so a later, larger refund is not credited twice.
        externalId: `order-refund:${o.id}`,
        reason: `Reembolso parcial de la orden ${o.id} en Mercado Libre`.slice(0, 90),
        lines: [{ externalId: lineId(o.id, it.item), quantity: units }],
        shipping: false,
      };
    }
  }
  return undefined;
}
