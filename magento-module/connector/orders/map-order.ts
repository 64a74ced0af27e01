import type { NormalizedOrderInput, PlatformAddress } from "@timbre/core/platform-parts";
import { magentoTime } from "../client/magento-client.js";
import type { MagentoAddress, MagentoOrder } from "./magento-order.js";

type Hold = "payment_review" | "suspected_fraud" | "on_hold";

/**
 * Magento's state (and status) as the hub's order status and hold. `processing` is Magento's word
 * for invoiced (paid); an order in payment review, with the "Suspected Fraud" status (possible on
 * both processing and payment_review) or on hold waits, with its stock reserved, until the merchant
 * accepts or releases it in Magento.
 */
export function magentoStatus(
  o: Pick<MagentoOrder, "state" | "status" | "grand_total" | "total_paid" | "total_refunded">,
): {
  status: NormalizedOrderInput["status"];
  hold: Hold | null;
} {
  const hold: Hold | null =
    o.status === "fraud"
      ? "suspected_fraud"
      : o.state === "payment_review"
        ? "payment_review"
        : o.state === "holded"
          ? "on_hold"
          : null;
  const refunded = o.total_refunded ?? 0;
  const paid = (o.total_paid ?? 0) >= o.grand_total && o.grand_total >= 0 && (o.total_paid ?? 0) > 0;
  if (o.state === "canceled") return { status: "cancelled", hold: null };
  if (o.state === "closed" || (refunded > 0 && refunded >= o.grand_total)) return { status: "refunded", hold: null };
  if (refunded > 0) return { status: "partially_refunded", hold };
  if (o.state === "processing" || o.state === "complete" || paid) return { status: "paid", hold };
  return { status: "pending", hold };
}

const clp = (v: number | null | undefined) => Math.max(0, Math.round(v ?? 0));
const clean = (s: string | null | undefined, max: number) => {
  const t = (s ?? "").replace(/\s+/g, " ").trim();
  return t ? t.slice(0, max) : undefined;
};

/** The hub's order: its external id is the increment id, the order number the merchant sees. */
export function mapOrder(o: MagentoOrder): NormalizedOrderInput {
  const { status, hold } = magentoStatus(o);
  const billing = o.billing_address ?? undefined;
  const ext = billing?.extension_attributes ?? undefined;
  const document = ext?.timbre_document_type?.toLowerCase();
  const name = clean(
    [billing?.firstname ?? o.customer_firstname, billing?.lastname ?? o.customer_lastname].filter(Boolean).join(" "),
    100,
  );
  // Bundles and configurables: the parent line carries the price; its children are not sold twice.
  const lines = o.items
    .filter((i) => !i.parent_item_id)
    .map((i) => ({
      externalId: i.item_id,
      ...(clean(i.sku, 35) ? { sku: clean(i.sku, 35) } : {}),
      name: clean(i.name, 80) ?? clean(i.sku, 80) ?? `Producto ${i.item_id}`,
      quantity: i.qty_ordered,
      unitPrice: clp(i.price_incl_tax ?? i.price),
      discount: Math.min(clp(i.discount_amount), clp((i.price_incl_tax ?? i.price ?? 0) * i.qty_ordered)),
      exempt: false,
    }));
  const shippingPrice = clp(o.shipping_incl_tax ?? o.shipping_amount);
  return {
    externalId: o.increment_id,
    number: o.increment_id,
    status,
    hold,
    updatedAt: magentoTime.toIso(o.updated_at),
    pricesIncludeTax: true,
    buyer: {
      ...(clean(o.customer_email ?? billing?.email, 80)
        ? { email: clean(o.customer_email ?? billing?.email, 80) }
        : {}),
      ...(name ? { name } : {}),
      ...(document === "boleta" || document === "factura" ? { document } : {}),
      ...(clean(billing?.vat_id ?? o.customer_taxvat, 20)
        ? { rut: clean(billing?.vat_id ?? o.customer_taxvat, 20) }
        : {}),
      ...(clean(billing?.company, 100) ? { businessName: clean(billing?.company, 100) } : {}),
      ...(clean(ext?.timbre_giro, 80) ? { activity: clean(ext?.timbre_giro, 80) } : {}),
      ...(clean(billing?.street?.join(", "), 70) ? { address: clean(billing?.street?.join(", "), 70) } : {}),
      // A Chilean checkout's "city" is the comuna.
      ...(clean(billing?.city, 20) ? { commune: clean(billing?.city, 20) } : {}),
      ...(clean(billing?.region, 20) ? { city: clean(billing?.region, 20) } : {}),
    },
    lines,
    shipping:
      shippingPrice > 0 || o.shipping_description
        ? { name: clean(o.shipping_description, 80) ?? "Despacho", price: shippingPrice }
        : null,
  };
}

/** Where the order goes, for the hub's couriers. */
export function deliveryAddress(o: MagentoOrder): PlatformAddress | undefined {
  const shipping = o.extension_attributes?.shipping_assignments?.[0]?.shipping;
  const a: MagentoAddress | null | undefined = shipping?.address;
  if (!a) return undefined;
  return {
    name: [a.firstname, a.lastname].filter(Boolean).join(" "),
    line1: a.street?.[0],
    line2: a.street?.slice(1).join(", "),
    comuna: a.city,
    region: a.region,
    postalCode: a.postcode,
    phone: a.telephone,
    shippingMethod: shipping?.method,
  };
}
