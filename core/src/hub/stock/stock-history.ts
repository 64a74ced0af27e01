import { TimbreError } from "../../errors.js";
import { fromMilli, parseMilli } from "../../rules/stock/quantity.js";
import type { Db } from "../db/prisma-client.js";

export interface MovementView {
  id: string;
  at: string;
  sku: string;
  warehouse: string;
  kind: string;
  quantity: number;
  unitCost: number;
  /** Whole CLP, signed like the quantity. */
  value: number;
  onHand: number;
  avgCost: number;
  reason: string;
  actor: string;
  orderId: string | null;
}

/** The kardex of one product: every movement with the balance it left, oldest first. */
export async function stockHistory(
  db: Db,
  companyId: string,
  filter: { sku: string; warehouse?: string; from?: Date; to?: Date; limit?: number },
): Promise<MovementView[]> {
  const variant = await db.productVariant.findUnique({ where: { companyId_sku: { companyId, sku: filter.sku } } });
  if (!variant)
    throw new TimbreError(
      "product.not_found",
      { es: `No existe el SKU ${filter.sku}.`, en: `No product with SKU ${filter.sku}.` },
      { kind: "not_found" },
    );
  const rows = await db.stockMovement.findMany({
    where: {
      variantId: variant.id,
      ...(filter.warehouse ? { warehouse: { code: filter.warehouse } } : {}),
      ...(filter.from || filter.to
        ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } }
        : {}),
    },
    include: { warehouse: { select: { code: true } } },
    orderBy: { id: "asc" },
    take: filter.limit ?? 1000,
  });
  return rows.map((m) => {
    const quantity = parseMilli(m.quantity);
    const unitCost = Number(m.unitCost);
    return {
      id: m.id.toString(),
      at: m.at.toISOString(),
      sku: filter.sku,
      warehouse: m.warehouse.code,
      kind: m.kind,
      quantity: fromMilli(quantity),
      unitCost,
      value: Math.round((quantity / 1000) * unitCost),
      onHand: fromMilli(parseMilli(m.onHandAfter)),
      avgCost: Number(m.avgCostAfter),
      reason: m.reason,
      actor: m.actor,
      orderId: m.orderId,
    };
  });
}
