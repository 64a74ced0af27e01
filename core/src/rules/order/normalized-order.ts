import { z } from "zod";
import { ClpAmount, MAX_AMOUNT, Quantity } from "./amount-limits.js";

/**
 * The platform-neutral order every platform part produces (webhook, poll or sync API). Ids are
 * strings: Shopify's exceed 2^53, so a JSON number would already have lost digits.
 */
const PlatformId = z.string({ error: "must be a string (platform ids are sent as strings)" }).trim().min(1).max(255);

const Clp = ClpAmount;

export const OrderStatusSchema = z.enum(["pending", "paid", "cancelled", "refunded", "partially_refunded"]);

export const BuyerSchema = z.object({
  email: z.email().max(80).optional(),
  name: z.string().trim().max(100).optional(),
  /**
   * What the shopper asked for at checkout; a factura also needs valid fiscal data. Absent when
   * the checkout did not ask: the store's default document applies.
   */
  document: z.enum(["boleta", "factura"]).optional(),
  rut: z.string().trim().max(20).optional(),
  businessName: z.string().trim().max(100).optional(),
  activity: z.string().trim().max(80).optional(),
  address: z.string().trim().max(70).optional(),
  commune: z.string().trim().max(20).optional(),
  city: z.string().trim().max(20).optional(),
  /**
   * True for a guest checkout (no store account), false for a registered buyer. When a platform
   * says, the buyer becomes a hub customer (matched by RUT, then e-mail; guests under their own
   * code prefix); absent, no customer is recorded.
   */
  guest: z.boolean().optional(),
});

export const OrderLineSchema = z.object({
  externalId: PlatformId,
  sku: z.string().trim().max(35).optional(),
  name: z.string().trim().min(1).max(80),
  quantity: Quantity,
  /** Per unit, gross or net as the order's pricesIncludeTax says. */
  unitPrice: Clp,
  /** Discount on the whole line, in pesos (same tax basis as unitPrice). */
  discount: Clp.default(0),
  exempt: z.boolean().default(false),
});

export const ShippingSchema = z.object({
  name: z.string().trim().min(1).max(80),
  price: Clp,
  exempt: z.boolean().default(false),
});

export const NormalizedOrderSchema = z
  .object({
    externalId: PlatformId,
    number: z.string().trim().max(40).optional(),
    status: OrderStatusSchema,
    updatedAt: z.iso.datetime({ offset: true }),
    pricesIncludeTax: z.boolean().default(true),
    buyer: BuyerSchema.default({}),
    lines: z.array(OrderLineSchema).min(1).max(1000),
    shipping: ShippingSchema.nullish(),
    /**
     * The platform holds the order for the merchant's decision (Magento's payment review, "Suspected
     * Fraud" status, or on hold): no document is issued while it lasts, and its stock stays reserved.
     */
    hold: z.enum(["payment_review", "suspected_fraud", "on_hold"]).nullish(),
    /** The platform says it is a test order (Shopify's test checkouts, bogus gateway): never billed. */
    test: z.boolean().optional(),
  })
  .superRefine((o, ctx) => {
    const seen = new Set<string>();
    let total = o.shipping?.price ?? 0;
    o.lines.forEach((l, i) => {
      const lineTotal = Math.round(l.unitPrice * l.quantity);
      total += lineTotal - l.discount;
      if (lineTotal > MAX_AMOUNT)
        ctx.addIssue({ code: "custom", path: ["lines", i, "unitPrice"], message: `line total over ${MAX_AMOUNT} CLP` });
      if (seen.has(l.externalId))
        ctx.addIssue({ code: "custom", path: ["lines", i, "externalId"], message: "repeated line id" });
      seen.add(l.externalId);
      if (l.discount > Math.round(l.unitPrice * l.quantity)) {
        ctx.addIssue({ code: "custom", path: ["lines", i, "discount"], message: "larger than the line total" });
      }
    });
    if (total > MAX_AMOUNT)
      ctx.addIssue({
        code: "custom",
        path: ["lines"],
        message: `order total over ${MAX_AMOUNT} CLP (what a document can hold)`,
      });
  });

export type NormalizedOrder = z.output<typeof NormalizedOrderSchema>;
export type NormalizedOrderInput = z.input<typeof NormalizedOrderSchema>;
export type OrderLine = z.output<typeof OrderLineSchema>;
export type Buyer = z.output<typeof BuyerSchema>;
