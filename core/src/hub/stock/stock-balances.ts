import { fromMilli, parseMilli } from "../../rules/stock/quantity.js";
import { stockValue } from "../../rules/stock/weighted-average.js";
import type { Db } from "../db/prisma-client.js";

export interface BalanceView {
  sku: string;
  name: string;
  warehouse: string;
  onHand: number;
  /** Null for a past date: reservations are kept as they are now, not as history. */
  reserved: number | null;
  free: number | null;
  avgCost: number;
  /** Whole CLP at average cost. */
  value: number;
}

interface Row {
  sku: string;
  name: string;
  warehouse: string;
  onHand: string;
  reserved: string | null;
  avgCost: string;
}

/**
 * Quantities and values per product and warehouse: now, or at the end of any past instant (from
 * the kardex: the balance each warehouse was left with by its last movement until then).
 */
export async function stockBalances(
  db: Db,
  companyId: string,
  filter: { skus?: readonly string[]; warehouse?: string; at?: Date } = {},
): Promise<BalanceView[]> {
  const skus = filter.skus ? [...filter.skus] : null;
  const warehouse = filter.warehouse ?? null;
  const rows = filter.at
    ? await db.$queryRaw<Row[]>`
        SELECT DISTINCT ON (m."variantId", m."warehouseId") v.sku, v.name, w.code AS warehouse,
               m."onHandAfter"::text AS "onHand", NULL AS reserved, m."avgCostAfter"::text AS "avgCost"
        FROM "StockMovement" m JOIN "ProductVariant" v ON v.id = m."variantId" JOIN "Warehouse" w ON w.id = m."warehouseId"
        WHERE m."companyId" = ${companyId}::uuid AND m.at <= ${filter.at}
          AND (${skus}::text[] IS NULL OR v.sku = ANY(${skus}::text[])) AND (${warehouse}::text IS NULL OR w.code = ${warehouse})
        ORDER BY m."variantId", m."warehouseId", m.id DESC`
    : await db.$queryRaw<Row[]>`
        SELECT v.sku, v.name, w.code AS warehouse, b."onHand"::text AS "onHand", b.reserved::text AS reserved, b."avgCost"::text AS "avgCost"
        FROM "StockBalance" b JOIN "ProductVariant" v ON v.id = b."variantId" JOIN "Warehouse" w ON w.id = b."warehouseId"
        WHERE v."companyId" = ${companyId}::uuid
          AND (${skus}::text[] IS NULL OR v.sku = ANY(${skus}::text[])) AND (${warehouse}::text IS NULL OR w.code = ${warehouse})`;
  return rows
    .map((r) => {
      const onHand = parseMilli(r.onHand);
      const reserved = r.reserved === null ? null : parseMilli(r.reserved);
      const avgCost = Number(r.avgCost);
      return {
        sku: r.sku,
        name: r.name,
        warehouse: r.warehouse,
        onHand: fromMilli(onHand),
        reserved: reserved === null ? null : fromMilli(reserved),
        free: reserved === null ? null : fromMilli(Math.max(0, onHand - reserved)),
        avgCost,
        value: stockValue({ onHand, avgCost }),
      };
    })
    .sort((a, b) => a.sku.localeCompare(b.sku) || a.warehouse.localeCompare(b.warehouse));
}
