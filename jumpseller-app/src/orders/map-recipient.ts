import { deliveryRequest } from "@timbre/core/platform-parts";
import { z } from "zod";

const Text = z.union([z.string(), z.number().transform(String)]).nullish();

/** The parts of a Jumpseller order a delivery needs (OrderShippingAddress in the OpenAPI document). */
const ShippingOrderSchema = z.object({
  shipping_method_name: z.string().nullish(),
  customer: z.object({ phone: Text }).partial().nullish(),
  shipping_address: z
    .object({
      name: Text,
      surname: Text,
      address: Text,
      street_number: Text,
      complement: Text,
      city: Text,
      municipality: Text,
      region: Text,
      postal: Text,
      country_code: Text,
      phone: Text,
    })
    .partial()
    .nullish(),
});

/**
 * What the hub needs to deliver a Jumpseller order with its own couriers: the recipient and the
 * shipping method's name. Undefined for an order without a Chilean shipping address (a pickup, a
 * digital good, a foreign buyer). The comuna is `municipality`, falling back to `city`, which many
 * Chilean stores use for it; the hub resolves either against the official list or says why not.
 */
export function mapDeliveryRequest(
  raw: unknown,
): { recipient: Record<string, string>; shippingMethod?: string } | undefined {
  const o = ShippingOrderSchema.safeParse(raw);
  if (!o.success || !o.data.shipping_address) return undefined;
  const a = o.data.shipping_address;
  if (a.country_code && a.country_code.toUpperCase() !== "CL") return undefined;
  const join = (...parts: Array<string | null | undefined>) => parts.filter(Boolean).join(" ");
  return deliveryRequest({
    name: join(a.name, a.surname),
    line1: join(a.address, a.street_number),
    line2: a.complement,
    comuna: a.municipality?.trim() ? a.municipality : a.city,
    region: a.region,
    postalCode: a.postal,
    phone: a.phone?.trim() ? a.phone : o.data.customer?.phone,
    shippingMethod: o.data.shipping_method_name,
  });
}
