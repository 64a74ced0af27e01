import type { Prisma } from "@prisma/client";
import { fromMilli, milliToDecimal, parseMilli, toMilli, type Milli } from "../../rules/stock/quantity.js";
import { applyMovement } from "../../rules/stock/weighted-average.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Tx } from "../db/run-transaction.js";
import { balanceKey, lockBalances, saveBalances, type Balance } from "./balances.js";
import { refreshStoreVariants } from "./refresh-store-variants.js";

/**
 * Goods of a sold order came back (refund with restock): `return` movements into the warehouses
 * they left from, at the cost they left with. Never returns more than the order consumed, so a
 * repeated refund event cannot inflate stock. `items` omitted returns everything still out.
 */
export async function restockForOrder(
  tx: Tx,
  orderId: string,
  items?: ReadonlyArray<{ sku: string; quantity: number }>,
  actor = "hub",
): Promise<{ returned: Array<{ sku: string; warehouse: string; quantity: number }> }> {
  await tx.$queryRaw`SELECT id FROM "Order" WHERE id = ${orderId}::uuid FOR UPDATE`;
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { store: true } });
  const consumed = await tx.stockReservation.findMany({
    where: { orderId, state: "consumed" },
    include: { variant: { select: { sku: true } }, warehouse: { select: { code: true } } },
    orderBy: { createdAt: "asc" },
  });
  const past = await tx.stockMovement.findMany({ where: { orderId, kind: { in: ["sale", "return"] } } });
  // Still out per variant and warehouse: sold minus already returned.
  const out = new Map<string, Milli>();
  for (const m of past) out.set(balanceKey(m), (out.get(balanceKey(m)) ?? 0) - parseMilli(m.quantity));
  const cost = new Map(past.filter((m) => m.kind === "sale").map((m) => [balanceKey(m), Number(m.unitCost)]));
  const want = new Map<string, Milli>();
  for (const r of consumed) {
    const sku = r.variant.sku;
    if (!items) want.set(sku, Infinity);
  }
  for (const i of items ?? []) want.set(i.sku, (want.get(i.sku) ?? 0) + toMilli(i.quantity));

  const plan: Array<{ variantId: string; warehouseId: string; quantity: Milli; sku: string; warehouse: string }> = [];
  for (const r of consumed) {
    const left = want.get(r.variant.sku) ?? 0;
    const still = out.get(balanceKey(r)) ?? 0;
    const q = Math.min(left, still);
    if (q <= 0) continue;
    plan.push({
      variantId: r.variantId,
      warehouseId: r.warehouseId,
      quantity: q,
      sku: r.variant.sku,
      warehouse: r.warehouse.code,
    });
    want.set(r.variant.sku, left - q);
    out.set(balanceKey(r), still - q);
  }
  if (plan.length === 0) return { returned: [] };
  const balances = await lockBalances(tx, plan, { create: true });
  const touched = new Map<string, Balance>();
  const rows: Prisma.StockMovementCreateManyInput[] = plan.map((p) => {
    const b = balances.get(balanceKey(p))!;
    const applied = applyMovement(b, p.quantity, cost.get(balanceKey(p)));
    b.onHand = applied.onHand;
    b.avgCost = applied.avgCost;
    touched.set(balanceKey(b), b);
    return {
      companyId: order.store.companyId,
      variantId: p.variantId,
      warehouseId: p.warehouseId,
      kind: "return",
      quantity: milliToDecimal(p.quantity),
      unitCost: String(applied.unitCost),
      onHandAfter: milliToDecimal(applied.onHand),
      avgCostAfter: String(applied.avgCost),
      reason: `devolución, pedido ${order.number ?? order.externalId}`,
      orderId,
      actor,
    };
  });
  await saveBalances(tx, [...touched.values()]);
  await tx.stockMovement.createMany({ data: rows });
  await refreshStoreVariants(tx, order.store.companyId, { variantIds: [...new Set(plan.map((p) => p.variantId))] });
  const returned = plan.map((p) => ({ sku: p.sku, warehouse: p.warehouse, quantity: fromMilli(p.quantity) }));
  await recordAudit(tx, {
    companyId: order.store.companyId,
    storeId: order.storeId,
    subjectType: "order",
    subjectId: orderId,
    action: "stock.returned",
    actor,
    data: { returned },
  });
  return { returned };
}
