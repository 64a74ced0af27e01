import { z } from "zod";

/**
 * What a document can hold. Amounts end in 32-bit integer columns (Document.totalAmount and the
 * net, exempt and IVA beside it), narrower than the SII's 18-digit MontoType; quantities are the
 * SII's Dec12_6 (QtyItem: at least 0.000001, at most six decimals).
 */
export const MAX_AMOUNT = 2_147_483_647;
export const MIN_QUANTITY = 0.000001;
export const MAX_QUANTITY = 1_000_000_000;

const sixDecimals = (q: number) => Math.abs(q * 1e6 - Math.round(q * 1e6)) < 1e-6 * Math.max(1, q);

/** Whole pesos a document column can hold. */
export const ClpAmount = z
  .number()
  .int("must be whole pesos (CLP)")
  .min(0)
  .max(MAX_AMOUNT, `at most ${MAX_AMOUNT} CLP (what a document can hold)`);

/** A quantity the SII's QtyItem can carry. */
export const Quantity = z
  .number()
  .min(MIN_QUANTITY, `at least ${MIN_QUANTITY}`)
  .max(MAX_QUANTITY, `at most ${MAX_QUANTITY}`)
  .refine(sixDecimals, "at most six decimals (SII QtyItem)");
