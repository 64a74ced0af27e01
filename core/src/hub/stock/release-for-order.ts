import { fromMilli, parseMilli } from "../../rules/stock/quantity.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Tx } from "../db/run-transaction.js";
import { balanceKey, lockBalances, saveBalances } from "./balances.js";
import { refreshStoreVariants } from "./refresh-store-variants.js";

/**
 * The order was cancelled before its stock left: what it held goes back to free stock. Stock
 * already consumed is not touched (a return after a sale is restockForOrder). Idempotent.
 */
export async function releaseForOrder(tx: Tx, orderId: string, actor = "hub"): Promise<{ released: number }> {
  await tx.$queryRaw`SELECT id FROM "Order" WHERE id = ${orderId}::uuid FOR UPDATE`;
  const held = await tx.stockReservation.findMany({ where: { orderId, state: "held" } });
  if (held.length === 0) return { released: 0 };
  const balances = await lockBalances(tx, held, { create: false });
  for (const r of held) {
    const b = balances.get(balanceKey(r));
    if (b) b.reserved = Math.max(0, b.reserved - parseMilli(r.quantity));
  }
  await saveBalances(tx, [...balances.values()]);
  await tx.stockReservation.updateMany({ where: { orderId, state: "held" }, data: { state: "released" } });
  const store = await tx.store.findUniqueOrThrow({ where: { id: held[0]!.storeId } });
  await refreshStoreVariants(tx, store.companyId, { variantIds: [...new Set(held.map((r) => r.variantId))] });
  await recordAudit(tx, {
    companyId: store.companyId,
    storeId: store.id,
    subjectType: "order",
    subjectId: orderId,
    action: "stock.released",
    actor,
    data: { quantity: fromMilli(held.reduce((s, r) => s + parseMilli(r.quantity), 0)) },
  });
  return { released: held.length };
}
