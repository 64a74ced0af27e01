import type { GqlOrder } from "./order-mapper.js";

const cut = (s: string | null | undefined, max: number) => {
  const t = (s ?? "").replace(/\s+/g, " ").trim();
  return t ? t.slice(0, max) : undefined;
};

/**
 * What the hub needs to deliver a Shopify order with the merchant's own couriers: the recipient and
 * the shipping line's title (mapped by the merchant to own courier, carrier or pickup). Undefined
 * without a Chilean shipping address (pickup, digital goods, abroad). Chilean checkouts put the
 * comuna in `city` and the región in `province`; the hub resolves the comuna or says why not.
 */
export function shopifyDeliveryRequest(
  order: GqlOrder,
): { recipient: Record<string, string>; shippingMethod?: string } | undefined {
  const a = order.shippingAddress;
  if (!a) return undefined;
  if (a.countryCodeV2 && a.countryCodeV2.toUpperCase() !== "CL") return undefined;
  const line1 = cut(a.address1, 200);
  const comuna = cut(a.city, 60);
  if (!line1 || !comuna) return undefined;
  const recipient: Record<string, string> = { name: cut(a.name, 100) ?? "", line1, comuna };
  for (const [k, v] of [
    ["line2", cut(a.address2, 200)],
    ["region", cut(a.province, 60)],
    ["postalCode", cut(a.zip, 12)],
    ["phone", cut(a.phone, 30)],
  ] as const) {
    if (v) recipient[k] = v;
  }
  const method = cut(order.shippingLines?.nodes[0]?.title, 120);
  return { recipient, ...(method ? { shippingMethod: method } : {}) };
}
