import type { RefundRequest } from "@timbre/core/platforms";
import type { PsOrder, PsOrderSlip } from "./resources.js";

/** The refund's id in the hub: one per order slip, so a slip seen twice is one nota de crédito. */
export const slipRefundId = (slipId: string) => `slip-${slipId}`;

/**
 * An order slip (vale de descuento / devolución) as the hub's refund. Its detail rows name the order
 * rows and quantities given back; a slip with no rows (created through the webservice, which cannot
 * write them) gives back the whole order. Shipping counts when the slip refunds it.
 */
export function mapSlip(slip: PsOrderSlip, order: PsOrder): RefundRequest {
  const details = slip.associations.order_slip_details.filter((d) => d.product_quantity > 0);
  const lines =
    details.length > 0
      ? details.map((d) => ({ externalId: d.id_order_detail, quantity: d.product_quantity }))
      : order.associations.order_rows.map((r) => ({ externalId: r.id, quantity: r.product_quantity }));
  const shipping = (slip.shipping_cost || slip.total_shipping_tax_incl > 0) && order.total_shipping_tax_incl > 0;
  return {
    externalId: slipRefundId(slip.id),
    reason: `Devolución (vale N° ${slip.id} del pedido ${order.reference || order.id})`.slice(0, 90),
    lines,
    shipping,
  };
}
