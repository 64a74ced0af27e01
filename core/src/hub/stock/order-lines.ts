import { z } from "zod";
import { toMilli, type Milli } from "../../rules/stock/quantity.js";

/** Only what stock needs from an order's stored lines (rules/order/normalized-order.ts). */
const StockLines = z.array(
  z.object({ sku: z.string().optional().nullable(), quantity: z.number().positive() }).loose(),
);

/** Quantity per SKU, lines with the same SKU added up; lines without a SKU (services) carry no stock. */
export function quantitiesBySku(lines: unknown): Map<string, Milli> {
  const parsed = StockLines.parse(lines);
  const out = new Map<string, Milli>();
  for (const l of parsed) {
    const sku = l.sku?.trim();
    if (!sku) continue;
    out.set(sku, (out.get(sku) ?? 0) + toMilli(Math.round(l.quantity * 1000) / 1000));
  }
  return out;
}
