import { z } from "zod";
import type { NormalizedOrderInput } from "@timbre/core/platform-parts";
import type { JumpsellerSettings } from "../store/store-state.js";

/**
 * A Jumpseller order as the API (and hooks) send it: only what the mapping reads, loosely, since
 * Jumpseller sends nulls and numbers-as-strings in places (OrderFields in the OpenAPI document).
 */
const Num = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .nullish();
const Text = z.union([z.string(), z.number().transform(String)]).nullish();

export const JumpsellerOrderSchema = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  status: z.string().nullish(),
  status_enum: z.string().nullish(),
  currency: z.string().nullish(),
  subtotal: Num,
  tax: Num,
  shipping_tax: Num,
  shipping: Num,
  total: Num,
  discount: Num,
  shipping_discount: Num,
  shipping_method_name: z.string().nullish(),
  shipping_option: z.string().nullish(),
  customer: z
    .object({
      email: z.string().nullish(),
      fullname: z.string().nullish(),
      name: z.string().nullish(),
      surname: z.string().nullish(),
    })
    .partial()
    .nullish(),
  billing_address: z
    .object({
      name: Text,
      surname: Text,
      taxid: Text,
      address: Text,
      street_number: Text,
      city: Text,
      municipality: Text,
      region: Text,
    })
    .partial()
    .nullish(),
  billing_information: z
    .object({ business_activity: Text, company_name: Text, taxpayer_type: Text })
    .partial()
    .nullish(),
  additional_fields: z
    .array(z.object({ id: z.union([z.number(), z.string()]).nullish(), label: Text, value: Text, area: Text }))
    .nullish(),
  products: z
    .array(
      z.object({
        id: z.union([z.number(), z.string()]).transform(String),
        variant_id: z.union([z.number(), z.string()]).nullish(),
        sku: z.string().nullish(),
        name: z.string().nullish(),
        qty: Num,
        price: Num,
        discount: Num,
      }),
    )
    .default([]),
});
export type JumpsellerOrder = z.output<typeof JumpsellerOrderSchema>;

/**
 * Jumpseller's `status` and `status_name` are translated ("Pagado", "Paid"): only `status_enum` is
 * read (platforms.md §3.3). Without it the order is treated as not paid, so nothing is ever issued
 * from a guessed translation.
 */
export function orderStatus(statusEnum: string | null | undefined): NormalizedOrderInput["status"] {
  switch (statusEnum) {
    case "paid":
      return "paid";
    case "canceled":
    case "cancelled":
      return "cancelled";
    default:
      return "pending"; // pending_payment, abandoned, unknown
  }
}

const clp = (n: number | null | undefined) => Math.max(0, Math.round(n ?? 0));
const cut = (s: string | null | undefined, max: number) => {
  const t = (s ?? "").replace(/\s+/g, " ").trim();
  return t ? t.slice(0, max) : undefined;
};

/**
 * Prices include IVA in a Chilean store unless the order adds tax on top: Jumpseller's total is
 * subtotal + shipping − discounts, plus tax only when the store shows prices without it.
 */
export function pricesIncludeTax(o: JumpsellerOrder): boolean {
  const tax = (o.tax ?? 0) + (o.shipping_tax ?? 0);
  if (tax <= 0 || o.total == null || o.subtotal == null) return true;
  const withoutTax = (o.subtotal ?? 0) + (o.shipping ?? 0) - (o.discount ?? 0) - (o.shipping_discount ?? 0);
  return Math.abs(o.total - (withoutTax + tax)) >= 1;
}

/** A field value by our stored id; labels are never matched (merchants rename them). */
function fieldValue(o: JumpsellerOrder, id: number | undefined): string | undefined {
  if (id === undefined) return undefined;
  const f = o.additional_fields?.find((a) => a.id != null && String(a.id) === String(id));
  return cut(f?.value, 200);
}

/**
 * Buyer's fiscal data: the store's native billing fields (billing_address.taxid,
 * billing_information) when the shopper filled them, our checkout fields otherwise. The document
 * type comes only from our "Tipo de documento" field: if the merchant deleted it, the order is a
 * boleta (the hub also falls back to boleta when factura data is missing or invalid).
 */
export function mapBuyer(
  o: JumpsellerOrder,
  fields: JumpsellerSettings["fieldIds"],
): NonNullable<NormalizedOrderInput["buyer"]> {
  const docChoice = fieldValue(o, fields.documentType);
  const document = docChoice && /factura/i.test(docChoice) ? "factura" : "boleta";
  const b = o.billing_address ?? {};
  const info = o.billing_information ?? {};
  const name =
    cut([b.name, b.surname].filter(Boolean).join(" "), 100) ??
    cut(o.customer?.fullname, 100) ??
    cut([o.customer?.name, o.customer?.surname].filter(Boolean).join(" "), 100);
  const address = cut([b.address, b.street_number].filter(Boolean).join(" "), 70);
  const email = cut(o.customer?.email, 80);
  const buyer: NonNullable<NormalizedOrderInput["buyer"]> = { document };
  const set = <K extends keyof typeof buyer>(k: K, v: (typeof buyer)[K] | undefined) => {
    if (v !== undefined) buyer[k] = v;
  };
  set("email", email && z.email().safeParse(email).success ? email : undefined);
  set("name", name);
  set("rut", cut(b.taxid, 20) ?? cut(fieldValue(o, fields.rut), 20));
  set("businessName", cut(info.company_name, 100) ?? cut(fieldValue(o, fields.businessName), 100));
  set("activity", cut(info.business_activity, 80) ?? cut(fieldValue(o, fields.activity), 80));
  set("address", address);
  set("commune", cut(b.municipality ?? b.city, 20));
  set("city", cut(b.city ?? b.region, 20));
  return buyer;
}

/**
 * Jumpseller order → the hub's normalized order. `readAt` is when the order was read from the API:
 * orders carry no updated_at, and the app always re-reads before acting, so the read time orders the
 * versions the hub stores.
 */
export function mapOrder(raw: unknown, fields: JumpsellerSettings["fieldIds"], readAt: Date): NormalizedOrderInput {
  const o = JumpsellerOrderSchema.parse(raw);
  const seen = new Map<string, number>();
  const lines = o.products.map((p) => {
    const base = p.variant_id != null ? `${p.id}:${p.variant_id}` : p.id;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const quantity = Math.max(1, Math.round(p.qty ?? 1));
    const unitPrice = clp(p.price);
    return {
      externalId: n === 1 ? base : `${base}#${n}`,
      ...(cut(p.sku, 35) ? { sku: cut(p.sku, 35) } : {}),
      name: cut(p.name, 80) ?? `Producto ${p.id}`,
      quantity,
      unitPrice,
      // Jumpseller's per-product discount is for the line (fixture: qty 1, discount 79.8 = the order's).
      discount: Math.min(clp(p.discount), unitPrice * quantity),
      exempt: false,
    };
  });
  // An order-level discount (coupon) the lines do not carry is spread over them, so the document's
  // total matches what the shopper paid.
  const lineDiscounts = lines.reduce((s, l) => s + l.discount, 0);
  let extra = clp(o.discount) - lineDiscounts;
  if (extra > 0) {
    const bases = lines.map((l) => l.unitPrice * l.quantity - l.discount);
    const total = bases.reduce((s, b) => s + b, 0);
    if (total > 0) {
      lines.forEach((l, i) => {
        const share =
          i === lines.length - 1
            ? extra
            : Math.min(extra, Math.round((bases[i]! / total) * (clp(o.discount) - lineDiscounts)));
        const take = Math.min(share, bases[i]!);
        l.discount += take;
        extra -= take;
      });
    }
  }
  const shippingPrice = clp((o.shipping ?? 0) - (o.shipping_discount ?? 0));
  return {
    externalId: o.id,
    number: o.id,
    status: orderStatus(o.status_enum),
    updatedAt: readAt.toISOString(),
    pricesIncludeTax: pricesIncludeTax(o),
    buyer: mapBuyer(o, fields),
    lines,
    shipping:
      shippingPrice > 0
        ? { name: cut(o.shipping_method_name, 80) ?? "Despacho", price: shippingPrice, exempt: false }
        : null,
  };
}
