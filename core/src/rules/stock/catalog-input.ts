import { z } from "zod";
import { QuantitySchema } from "./quantity.js";

/** SKUs are compared exactly after trimming; 35 characters is the DTE's VlrCodigo limit. */
export const SkuSchema = z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(35);

const PlatformId = z.string({ error: "must be a string (platform ids are sent as strings)" }).trim().min(1).max(255);

const Clp = z.number().int("must be whole pesos (CLP)").min(0).max(1e12);

/** One product variant, as the CLI, a CSV file or a store sends it. */
export const ProductInputSchema = z.object({
  sku: SkuSchema,
  /** As printed on the document (NmbItem: 80 characters). */
  name: z.string().trim().min(1).max(80),
  /** Whole CLP per unit, IVA included unless exempt. */
  price: Clp,
  exempt: z.boolean().optional(),
  /** Groups variants under one product (the parent SKU); a product of its own when absent. */
  product: z.string().trim().min(1).max(60).optional(),
  productName: z.string().trim().min(1).max(80).optional(),
  options: z.record(z.string().trim().min(1).max(30), z.string().trim().max(60)).optional(),
  barcode: z.string().trim().min(1).max(40).optional(),
  description: z.string().trim().max(2000).optional(),
  /** The short name a web shop shows (Magento short_description). */
  shortName: z.string().trim().min(1).max(60).optional(),
  /** Shipping weight in grams. */
  weightGrams: z.number().int().positive().max(1_000_000).optional(),
  images: z.array(z.url()).max(20).optional(),
  active: z.boolean().optional(),
  /** The calling store's ids for this item (sync API), so stock can be pushed to it. */
  platformProductId: PlatformId.optional(),
  platformVariantId: PlatformId.optional(),
  inventoryItemId: PlatformId.optional(),
  /** For the calling store only: off publishes 0 whatever the warehouses hold. */
  sellOnline: z.boolean().optional(),
});

export type ProductInput = z.output<typeof ProductInputSchema>;

export const MovementKindInputSchema = z.enum(["in", "out", "adjust", "count", "transfer"]);
export type MovementKindInput = z.output<typeof MovementKindInputSchema>;

const WarehouseCode = z.string().trim().min(1).max(20);

/**
 * One stock movement. The sign of the stock change follows the kind: `in` adds the quantity, `out`
 * takes it away (so a negative `in` or `out` corrects an earlier one), `adjust` adds it as signed,
 * `count` sets the physical count, `transfer` moves a positive quantity to `toWarehouse`.
 */
export const MovementInputSchema = z
  .object({
    sku: SkuSchema,
    /** Warehouse code; defaults to the store's first warehouse, else the company's default one. */
    warehouse: WarehouseCode.optional(),
    kind: MovementKindInputSchema,
    quantity: QuantitySchema,
    /** CLP per unit for entries; exits are valued at the weighted average cost. */
    unitCost: z
      .number()
      .finite()
      .min(0)
      .max(1e12)
      // The kardex keeps costs to four decimals (roundCost); more would be dropped without a word.
      .refine((c) => Math.abs(c * 10_000 - Math.round(c * 10_000)) <= 1e-6 * Math.max(1, c * 10_000), {
        message: "at most four decimals",
      })
      .optional(),
    toWarehouse: WarehouseCode.optional(),
    reason: z.string().trim().max(200).optional(),
    /** The caller's id for this movement: sending it again records nothing new. */
    externalId: z.string().trim().min(1).max(100).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.kind !== "count" && m.quantity === 0)
      ctx.addIssue({ code: "custom", path: ["quantity"], message: "must not be zero" });
    if (m.kind === "count" && m.quantity < 0)
      ctx.addIssue({ code: "custom", path: ["quantity"], message: "a count cannot be negative" });
    if (m.kind === "transfer") {
      if (!m.toWarehouse) ctx.addIssue({ code: "custom", path: ["toWarehouse"], message: "required for a transfer" });
      else if (m.toWarehouse === m.warehouse)
        ctx.addIssue({ code: "custom", path: ["toWarehouse"], message: "must differ from warehouse" });
      if (m.quantity < 0)
        ctx.addIssue({ code: "custom", path: ["quantity"], message: "a transfer moves a positive quantity" });
    } else if (m.toWarehouse) {
      ctx.addIssue({ code: "custom", path: ["toWarehouse"], message: "only for a transfer" });
    }
  });

export type MovementInput = z.output<typeof MovementInputSchema>;
