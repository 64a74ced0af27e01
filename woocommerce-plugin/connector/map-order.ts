import { z } from "zod";
import { NormalizedOrderSchema, type NormalizedOrder, type PlatformAddress } from "@timbre/core/platform-parts";

/**
 * A REST v3 order (GET /orders/{id}, the sweep's pages) as the hub's normalized order — the same
 * result the plugin's PHP mapper (class-timbre-order-mapper.php) sends, so an order that arrives
 * both ways is one order: ids as strings, gross whole pesos, the checkout fields from the order
 * meta WooCommerce keeps for additional checkout fields (`_wc_other/timbre/...`).
 */
const Money = z.union([z.string(), z.number()]).transform((v) => Number(v));
const Meta = z.array(z.object({ key: z.string(), value: z.unknown() })).default([]);
const Address = z.object({
  first_name: z.string().default(""),
  last_name: z.string().default(""),
  address_1: z.string().default(""),
  address_2: z.string().default(""),
  city: z.string().default(""),
  state: z.string().default(""),
  country: z.string().default(""),
  phone: z.string().default(""),
});

export const WooOrderSchema = z.object({
  id: z.number(),
  number: z.union([z.string(), z.number()]).transform(String),
  status: z.string(),
  date_modified_gmt: z.string().nullable(),
  date_created_gmt: z.string().nullable().optional(),
  shipping_total: Money.default(0),
  shipping_tax: Money.default(0),
  total: Money.default(0),
  billing: Address.extend({ email: z.string().nullable().default("") })
    .partial()
    .default({}),
  shipping: Address.partial().default({}),
  meta_data: Meta,
  line_items: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      product_id: z.number().default(0),
      variation_id: z.number().default(0),
      quantity: z.number(),
      subtotal: Money,
      subtotal_tax: Money.default(0),
      total: Money,
      total_tax: Money.default(0),
      sku: z.string().nullable().default(""),
    }),
  ),
  shipping_lines: z
    .array(
      z.object({ id: z.number(), method_title: z.string().default(""), total: Money, total_tax: Money.default(0) }),
    )
    .default([]),
  fee_lines: z
    .array(z.object({ id: z.number(), name: z.string(), total: Money, total_tax: Money.default(0) }))
    .default([]),
  refunds: z.array(z.object({ id: z.number() })).default([]),
});
export type WooOrder = z.output<typeof WooOrderSchema>;

export const PAID_STATUSES = ["processing", "completed"] as const;

const cut = (s: string | null | undefined, n: number) => (s ?? "").trim().slice(0, n);
const clp = (n: number) => Math.max(0, Math.round(n));

export function metaValue(order: Pick<WooOrder, "meta_data">, key: string): string {
  const v = order.meta_data.find((m) => m.key === key)?.value;
  return typeof v === "string" || typeof v === "number" ? String(v) : "";
}

/** WooCommerce dates in *_gmt fields carry no zone: they are UTC. */
export function gmtIso(value: string | null | undefined): string {
  if (!value) return new Date(0).toISOString();
  return /[zZ]|[+-]\d\d:\d\d$/.test(value) ? new Date(value).toISOString() : new Date(`${value}Z`).toISOString();
}

export function mapStatus(status: string, paid: readonly string[] = PAID_STATUSES): NormalizedOrder["status"] {
  if (status === "cancelled") return "cancelled";
  if (status === "refunded") return "refunded";
  return paid.includes(status) ? "paid" : "pending";
}

function withoutEmpty<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== "" && v !== undefined)) as T;
}

export function mapOrder(raw: unknown, paid: readonly string[] = PAID_STATUSES): NormalizedOrder {
  const o = WooOrderSchema.parse(raw);
  const document = metaValue(o, "_wc_other/timbre/document-type");
  const factura = document === "factura";
  const commune = metaValue(o, "_wc_billing/timbre/comuna") || o.billing.city || "";
  const email = o.billing.email ?? "";
  const lines: Array<{
    externalId: string;
    name: string;
    quantity: number;
    unitPrice: number;
    discount: number;
    sku?: string;
  }> = o.line_items
    .filter((l) => l.quantity > 0)
    .map((l) => {
      const unit = clp((l.subtotal + l.subtotal_tax) / l.quantity);
      return withoutEmpty({
        externalId: String(l.id),
        name: cut(l.name, 80),
        quantity: l.quantity,
        unitPrice: unit,
        discount: Math.max(0, Math.round(unit * l.quantity) - clp(l.total + l.total_tax)),
        sku: cut(l.sku, 35),
      });
    });
  for (const f of o.fee_lines) {
    const amount = f.total + f.total_tax;
    if (amount > 0)
      lines.push({
        externalId: `fee-${f.id}`,
        name: cut(f.name, 80),
        quantity: 1,
        unitPrice: clp(amount),
        discount: 0,
      });
  }
  const name = `${o.billing.first_name ?? ""} ${o.billing.last_name ?? ""}`.trim();
  const buyer = withoutEmpty({
    email: /^[^@\s]+@[^@\s]+$/.test(email) && email.length <= 80 ? email : "",
    name: cut(name, 100),
    document: document === "boleta" || document === "factura" ? document : "",
    rut: factura ? cut(metaValue(o, "_wc_other/timbre/rut"), 20) : "",
    businessName: factura ? cut(metaValue(o, "_wc_other/timbre/business-name"), 100) : "",
    activity: factura ? cut(metaValue(o, "_wc_other/timbre/activity"), 80) : "",
    address: cut(`${o.billing.address_1 ?? ""} ${o.billing.address_2 ?? ""}`, 70),
    commune: cut(commune, 20),
    city: cut(o.billing.city, 20),
  });
  const shippingName = o.shipping_lines
    .map((s) => s.method_title)
    .filter(Boolean)
    .join(", ");
  return NormalizedOrderSchema.parse({
    externalId: String(o.id),
    number: cut(o.number, 40),
    status: mapStatus(o.status, paid),
    updatedAt: gmtIso(o.date_modified_gmt ?? o.date_created_gmt),
    pricesIncludeTax: true,
    buyer,
    lines,
    ...(o.shipping_lines.length > 0
      ? { shipping: { name: cut(shippingName, 80) || "Despacho", price: clp(o.shipping_total + o.shipping_tax) } }
      : {}),
  });
}

/** The order's shipping address, for a delivery (Chile: comuna from our field, else the city). */
export function shippingAddress(raw: unknown): PlatformAddress {
  const o = WooOrderSchema.parse(raw);
  const own = Boolean(o.shipping.address_1);
  const s = own ? o.shipping : o.billing;
  return {
    name: `${s.first_name ?? ""} ${s.last_name ?? ""}`.trim(),
    line1: s.address_1 ?? "",
    line2: s.address_2 ?? "",
    comuna: metaValue(o, own ? "_wc_shipping/timbre/comuna" : "_wc_billing/timbre/comuna") || (s.city ?? ""),
    region: s.state ?? "",
    phone: s.phone || o.billing.phone || "",
    shippingMethod: o.shipping_lines[0]?.method_title ?? null,
  };
}

/** A REST v3 refund (GET /orders/{id}/refunds) as the hub's refund request, or null without lines. */
export const WooRefundSchema = z.object({
  id: z.number(),
  reason: z.string().nullable().default(""),
  amount: Money.default(0),
  line_items: z.array(z.object({ quantity: z.number(), meta_data: Meta })).default([]),
  shipping_lines: z.array(z.unknown()).default([]),
});

export function mapRefund(raw: unknown) {
  const r = WooRefundSchema.parse(raw);
  const lines = r.line_items
    .map((l) => ({ externalId: metaValue(l, "_refunded_item_id"), quantity: Math.abs(l.quantity) }))
    .filter((l) => l.externalId !== "" && l.quantity > 0);
  const shipping = r.shipping_lines.length > 0;
  if (lines.length === 0 && !shipping) return null;
  return { externalId: String(r.id), reason: cut(r.reason, 90) || "Devolución", lines, shipping };
}
