import {
  NormalizedOrderSchema,
  normalizeRut,
  type NormalizedOrder,
  type NormalizedOrderInput,
} from "@timbre/core/platform-parts";
import { z } from "zod";
import { idString } from "./lossless-json.js";
import { clpFromAmount } from "./money.js";

/**
 * The GraphQL Order (re-read from the Admin API, never the webhook body) as the core's normalized
 * order. Line ids are the numeric LineItem ids, the ones refunds/create names in `line_item_id`.
 * The buyer's fiscal data comes from the cart attributes the checkout extension / theme block write
 * (`timbre_documento`, `timbre_rut`, `timbre_razon_social`, `timbre_giro`); the RUT is validated
 * again by the core before a factura is issued.
 */
const Money = z.object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string().optional() }) });

export const GqlOrderSchema = z.object({
  id: z.string(),
  legacyResourceId: z.string().optional(),
  name: z.string().nullish(),
  test: z.boolean().nullish(),
  updatedAt: z.string(),
  cancelledAt: z.string().nullish(),
  displayFinancialStatus: z.string().nullish(),
  taxesIncluded: z.boolean().nullish(),
  currencyCode: z.string().nullish(),
  email: z.string().nullish(),
  customAttributes: z.array(z.object({ key: z.string(), value: z.string().nullish() })).default([]),
  billingAddress: z
    .object({
      company: z.string().nullish(),
      name: z.string().nullish(),
      address1: z.string().nullish(),
      city: z.string().nullish(),
      province: z.string().nullish(),
    })
    .nullish(),
  shippingAddress: z
    .object({
      name: z.string().nullish(),
      address1: z.string().nullish(),
      address2: z.string().nullish(),
      city: z.string().nullish(),
      province: z.string().nullish(),
      zip: z.string().nullish(),
      countryCodeV2: z.string().nullish(),
      phone: z.string().nullish(),
    })
    .nullish(),
  lineItems: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        sku: z.string().nullish(),
        name: z.string(),
        quantity: z.number(),
        taxable: z.boolean().nullish(),
        originalUnitPriceSet: Money,
        totalDiscountSet: Money.nullish(),
      }),
    ),
  }),
  shippingLines: z
    .object({
      nodes: z.array(
        z.object({
          title: z.string().nullish(),
          discountedPriceSet: Money,
          taxLines: z.array(z.object({ rate: z.number().nullish() })).nullish(),
        }),
      ),
    })
    .nullish(),
  refunds: z
    .array(
      z.object({
        id: z.string(),
        note: z.string().nullish(),
        refundLineItems: z.object({
          nodes: z.array(z.object({ quantity: z.number(), lineItem: z.object({ id: z.string() }) })),
        }),
        refundShippingLines: z.object({ nodes: z.array(z.unknown()) }).nullish(),
      }),
    )
    .default([]),
});

export type GqlOrder = z.output<typeof GqlOrderSchema>;

export const FISCAL_ATTRIBUTES = {
  documentType: "timbre_documento",
  rut: "timbre_rut",
  businessName: "timbre_razon_social",
  activity: "timbre_giro",
} as const;

const STATUS: Record<string, NormalizedOrder["status"]> = {
  PAID: "paid",
  PARTIALLY_REFUNDED: "partially_refunded",
  REFUNDED: "refunded",
  VOIDED: "cancelled",
};

const Email = z.email().max(80);
const cut = (s: string | null | undefined, n: number) => {
  const t = s?.trim();
  return t ? t.slice(0, n) : undefined;
};

/** The RUT in canonical form when it parses; as typed otherwise (the core then decides boleta vs factura). */
function safeRut(rut: string): string {
  try {
    return normalizeRut(rut);
  } catch {
    return rut;
  }
}

export function normalizeShopifyOrder(raw: unknown): NormalizedOrder {
  const o = GqlOrderSchema.parse(raw);
  const attr = new Map(o.customAttributes.map((a) => [a.key.trim().toLowerCase(), (a.value ?? "").trim()]));
  const wantsFactura = attr.get(FISCAL_ATTRIBUTES.documentType)?.toLowerCase() === "factura";
  const rut = attr.get(FISCAL_ATTRIBUTES.rut);
  const b = o.billingAddress;
  const email = Email.safeParse(o.email?.trim());
  const status: NormalizedOrder["status"] = o.cancelledAt
    ? "cancelled"
    : (STATUS[o.displayFinancialStatus ?? ""] ?? "pending");
  const lines = o.lineItems.nodes
    .filter((l) => l.quantity > 0)
    .map((l) => {
      const unitPrice = clpFromAmount(l.originalUnitPriceSet.shopMoney.amount);
      const discount = Math.min(clpFromAmount(l.totalDiscountSet?.shopMoney.amount), unitPrice * l.quantity);
      return {
        externalId: idString(l.id)!,
        ...(cut(l.sku, 35) ? { sku: cut(l.sku, 35) } : {}),
        name: cut(l.name, 80) ?? "Producto",
        quantity: l.quantity,
        unitPrice,
        discount,
        // Shopify's "charge tax" off is how a merchant marks an IVA-exempt product.
        exempt: l.taxable === false,
      };
    });
  const ship = o.shippingLines?.nodes.find((s) => clpFromAmount(s.discountedPriceSet.shopMoney.amount) > 0);
  const input: NormalizedOrderInput = {
    externalId: o.legacyResourceId ?? idString(o.id)!,
    ...(o.name ? { number: o.name.slice(0, 40) } : {}),
    status,
    updatedAt: new Date(o.updatedAt).toISOString(),
    pricesIncludeTax: o.taxesIncluded ?? true,
    ...(o.test ? { test: true } : {}),
    buyer: {
      document: wantsFactura ? "factura" : "boleta",
      ...(email.success ? { email: email.data } : {}),
      ...(cut(b?.name, 100) ? { name: cut(b?.name, 100) } : {}),
      ...(rut ? { rut: safeRut(rut).slice(0, 20) } : {}),
      ...(cut(attr.get(FISCAL_ATTRIBUTES.businessName) || b?.company, 100)
        ? { businessName: cut(attr.get(FISCAL_ATTRIBUTES.businessName) || b?.company, 100) }
        : {}),
      ...(cut(attr.get(FISCAL_ATTRIBUTES.activity), 80)
        ? { activity: cut(attr.get(FISCAL_ATTRIBUTES.activity), 80) }
        : {}),
      ...(cut(b?.address1, 70) ? { address: cut(b?.address1, 70) } : {}),
      ...(cut(b?.city, 20) ? { commune: cut(b?.city, 20), city: cut(b?.city, 20) } : {}),
    },
    lines,
    shipping: ship
      ? {
          name: cut(ship.title, 80) ?? "Despacho",
          price: clpFromAmount(ship.discountedPriceSet.shopMoney.amount),
          exempt: false,
        }
      : null,
  };
  return NormalizedOrderSchema.parse(input);
}

/** A refund of the re-read order, as the core's refund request. */
export function refundFromOrder(
  order: GqlOrder,
  refundId: string,
):
  | { externalId: string; reason: string; lines: Array<{ externalId: string; quantity: number }>; shipping: boolean }
  | undefined {
  const r = order.refunds.find((x) => idString(x.id) === refundId);
  if (!r) return undefined;
  return {
    externalId: refundId,
    reason: cut(r.note, 90) ?? "Devolución en Shopify",
    lines: r.refundLineItems.nodes
      .filter((l) => l.quantity > 0)
      .map((l) => ({ externalId: idString(l.lineItem.id)!, quantity: l.quantity })),
    shipping: (r.refundShippingLines?.nodes.length ?? 0) > 0,
  };
}
