import type { Prisma } from "@prisma/client";
import { allocate } from "../../rules/stock/allocation.js";
import { freeStock } from "../../rules/stock/available.js";
import { fromMilli, milliToDecimal } from "../../rules/stock/quantity.js";
import { recordAudit } from "../audit/record-audit.js";
import { resolveOrderSkus } from "../catalog/resolve-order-skus.js";
import type { Tx } from "../db/run-transaction.js";
import { balanceKey, lockBalances, saveBalances, type Balance } from "./balances.js";
import { storeFeeds } from "./find-warehouses.js";
import { quantitiesBySku } from "./order-lines.js";
import { refreshStoreVariants } from "./refresh-store-variants.js";

export interface OrderForStock {
  id: string;
  storeId: string;
  /** The order's stored lines ({sku, quantity, …}[]). */
  lines: Prisma.JsonValue;
}

export type ReserveResult =
  | {
      status: "reserved";
      lines: Array<{ sku: string; quantity: number; from: Array<{ warehouse: string; quantity: number }> }>;
    }
  /** The order already holds (or held) stock: nothing was done. */
  | { status: "already_reserved" }
  | { status: "unresolved"; unknown: string[]; duplicated: string[] }
  /** Not enough free stock in the store's warehouses: nothing was reserved. */
  | { status: "insufficient"; short: Array<{ sku: string; requested: number; free: number }> };

/**
 * Holds stock for a paid, placed-but-unpaid or held order (rules/stock/reservation-policy.ts decides), all lines or none, from the store's warehouses in priority
 * order. Idempotent per order. Safe under concurrency: the balance rows are locked (FOR UPDATE, in
 * a fixed order) before free stock is read, so two orders can never both take the last unit.
 * Run it inside the caller's transaction.
 */
export async function reserveForOrder(tx: Tx, order: OrderForStock, actor = "hub"): Promise<ReserveResult> {
  // The order row serializes reservation, consumption and release of the same order.
  await tx.$queryRaw`SELECT id FROM "Order" WHERE id = ${order.id}::uuid FOR UPDATE`;
  // Released rows do not count: an unpaid order whose hold expired reserves again once it is paid.
  const holds = await tx.stockReservation.count({ where: { orderId: order.id, state: { in: ["held", "consumed"] } } });
  if (holds > 0) return { status: "already_reserved" };
  const store = await tx.store.findUniqueOrThrow({ where: { id: order.storeId } });
  const wanted = quantitiesBySku(order.lines);
  if (wanted.size === 0) return { status: "reserved", lines: [] };
  const resolution = await resolveOrderSkus(tx, store, [...wanted.keys()]);
  if (resolution.unknown.length > 0 || resolution.duplicated.length > 0) {
    return { status: "unresolved", unknown: resolution.unknown, duplicated: resolution.duplicated };
  }
  const variants = new Map(
    (
      await tx.productVariant.findMany({
        where: { companyId: store.companyId, sku: { in: [...wanted.keys()] } },
        select: { id: true, sku: true },
      })
    ).map((v) => [v.sku, v.id]),
  );
  const feeds = await storeFeeds(tx, store);
  const balances = await lockBalances(
    tx,
    [...variants.values()].flatMap((variantId) => feeds.map((w) => ({ variantId, warehouseId: w.id }))),
    { create: false },
  );

  const plan = [...wanted].map(([sku, need]) => {
    const variantId = variants.get(sku)!;
    const sources = feeds.map((w) => ({
      warehouseId: w.id,
      free: freeStock(balances.get(balanceKey({ variantId, warehouseId: w.id })) ?? { onHand: 0, reserved: 0 }),
    }));
    return { sku, variantId, need, free: sources.reduce((s, x) => s + x.free, 0), allocation: allocate(need, sources) };
  });
  const short = plan.filter((p) => p.allocation.short > 0);
  if (short.length > 0) {
    return {
      status: "insufficient",
      short: short.map((p) => ({ sku: p.sku, requested: fromMilli(p.need), free: fromMilli(p.free) })),
    };
  }

  const touched: Balance[] = [];
  const rows: Prisma.StockReservationCreateManyInput[] = [];
  for (const p of plan) {
    for (const t of p.allocation.takes) {
      const b = balances.get(balanceKey({ variantId: p.variantId, warehouseId: t.warehouseId }))!;
      b.reserved += t.quantity;
      touched.push(b);
      rows.push({
        orderId: order.id,
        storeId: store.id,
        variantId: p.variantId,
        warehouseId: t.warehouseId,
        quantity: milliToDecimal(t.quantity),
      });
    }
  }
  await saveBalances(tx, touched);
  await tx.stockReservation.createMany({ data: rows });
  await refreshStoreVariants(tx, store.companyId, { variantIds: plan.map((p) => p.variantId) });
  const code = new Map(feeds.map((w) => [w.id, w.code]));
  const lines = plan.map((p) => ({
    sku: p.sku,
    quantity: fromMilli(p.need),
    from: p.allocation.takes.map((t) => ({ warehouse: code.get(t.warehouseId)!, quantity: fromMilli(t.quantity) })),
  }));
  await recordAudit(tx, {
    companyId: store.companyId,
    storeId: store.id,
    subjectType: "order",
    subjectId: order.id,
    action: "stock.reserved",
    actor,
    data: { lines },
  });
  return { status: "reserved", lines };
}
