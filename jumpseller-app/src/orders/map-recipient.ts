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

const cut = (s: string | null | undefined, max: number) => {
  const t = (s ?? "").replace(/\s+/g, " ").trim();
  return t ? t.slice(0, max) : undefined;
};

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
  const line1 = cut([a.address, a.street_number].filter(Boolean).join(" "), 200);
  const comuna = cut(a.municipality, 60) ?? cut(a.city, 60);
  if (!line1 || !comuna) return undefined;
  const recipient: Record<string, string> = {
    name: cut([a.name, a.surname].filter(Boolean).join(" "), 100) ?? "",
    line1,
    comuna,
  };
  const optional: Array<[string, string | undefined]> = [
    ["phone", cut(a.phone, 30) ?? cut(o.data.customer?.phone, 30)],
    ["line2", cut(a.complement, 200)],
    ["region", cut(a.region, 60)],
    ["postalCode", cut(a.postal, 12)],
  ];
  for (const [k, v] of optional) if (v) recipient[k] = v;
  const method = cut(o.data.shipping_method_name, 120);
  return { recipient, ...(method ? { shippingMethod: method } : {}) };
}
