import { deliveryRequest } from "@timbre/core/platform-parts";
import type { GqlOrder } from "./order-mapper.js";

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
  return deliveryRequest({
    name: a.name,
    line1: a.address1,
    line2: a.address2,
    comuna: a.city,
    region: a.province,
    postalCode: a.zip,
    phone: a.phone,
    shippingMethod: order.shippingLines?.nodes[0]?.title,
  });
}
