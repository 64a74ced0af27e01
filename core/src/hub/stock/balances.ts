import { milliToDecimal, parseMilli, type Milli } from "../../rules/stock/quantity.js";
import type { Tx } from "../db/run-transaction.js";

export interface BalanceKey {
  variantId: string;
  warehouseId: string;
}

export interface Balance extends BalanceKey {
  onHand: Milli;
  reserved: Milli;
  avgCost: number;
}

export const balanceKey = (k: BalanceKey): string => `${k.variantId}/${k.warehouseId}`;

interface BalanceRow {
  variantId: string;
  warehouseId: string;
  onHand: string;
  reserved: string;
  avgCost: string;
}

/**
 * Locks the balance rows of these pairs (creating missing ones when asked) and returns them.
 * Every writer locks in (variant, warehouse) order, so two transactions touching overlapping
 * balances queue behind each other instead of deadlocking.
 */
export async function lockBalances(
  tx: Tx,
  keys: readonly BalanceKey[],
  options: { create: boolean },
): Promise<Map<string, Balance>> {
  const unique = [...new Map(keys.map((k) => [balanceKey(k), k])).values()].sort((a, b) =>
    a.variantId === b.variantId ? a.warehouseId.localeCompare(b.warehouseId) : a.variantId.localeCompare(b.variantId),
  );
  const out = new Map<string, Balance>();
  if (unique.length === 0) return out;
  const variantIds = unique.map((k) => k.variantId);
  const warehouseIds = unique.map((k) => k.warehouseId);
  if (options.create) {
    await tx.$executeRaw`
      INSERT INTO "StockBalance" ("variantId", "warehouseId", "updatedAt")
      SELECT v, w, now() FROM unnest(${variantIds}::uuid[], ${warehouseIds}::uuid[]) AS k(v, w)
      ORDER BY v, w
      ON CONFLICT ("variantId", "warehouseId") DO NOTHING`;
  }
  const rows = await tx.$queryRaw<BalanceRow[]>`
    SELECT b."variantId"::text AS "variantId", b."warehouseId"::text AS "warehouseId",
           b."onHand"::text AS "onHand", b.reserved::text AS reserved, b."avgCost"::text AS "avgCost"
    FROM "StockBalance" b
    JOIN unnest(${variantIds}::uuid[], ${warehouseIds}::uuid[]) AS k(v, w) ON b."variantId" = k.v AND b."warehouseId" = k.w
    ORDER BY b."variantId", b."warehouseId"
    FOR UPDATE OF b`;
  for (const r of rows) {
    out.set(balanceKey(r), {
      variantId: r.variantId,
      warehouseId: r.warehouseId,
      onHand: parseMilli(r.onHand),
      reserved: parseMilli(r.reserved),
      avgCost: Number(r.avgCost),
    });
  }
  return out;
}

/** Writes back balances changed under lockBalances. */
export async function saveBalances(tx: Tx, balances: readonly Balance[]): Promise<void> {
  if (balances.length === 0) return;
  await tx.$executeRaw`
    UPDATE "StockBalance" b SET "onHand" = x.on_hand, reserved = x.reserved, "avgCost" = x.avg_cost, "updatedAt" = now()
    FROM unnest(${balances.map((b) => b.variantId)}::uuid[], ${balances.map((b) => b.warehouseId)}::uuid[],
                ${balances.map((b) => milliToDecimal(b.onHand))}::numeric[], ${balances.map((b) => milliToDecimal(b.reserved))}::numeric[],
                ${balances.map((b) => String(b.avgCost))}::numeric[]) AS x(variant_id, warehouse_id, on_hand, reserved, avg_cost)
    WHERE b."variantId" = x.variant_id AND b."warehouseId" = x.warehouse_id`;
}
