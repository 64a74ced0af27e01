import type { Prisma } from "@prisma/client";
import { allocate } from "../../rules/stock/allocation.js";
import { freeStock } from "../../rules/stock/available.js";
import { fromMilli, milliToDecimal, parseMilli, type Milli } from "../../rules/stock/quantity.js";
import { applyMovement } from "../../rules/stock/weighted-average.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Tx } from "../db/run-transaction.js";
import { balanceKey, lockBalances, saveBalances, type Balance } from "./balances.js";
import { storeFeeds } from "./find-warehouses.js";
import { quantitiesBySku } from "./order-lines.js";
import { refreshStoreVariants } from "./refresh-store-variants.js";

export type ConsumeResult =
  | { status: "consumed"; moved: Array<{ sku: string; warehouse: string; quantity: number }>; skipped: string[] }
  | { status: "already_consumed" };

interface Take {
  variantId: string;
  warehouseId: string;
  quantity: Milli;
  /** The held reservation this take turns into a sale; absent when the order never reserved. */
  reservationId?: string;
}

async function alreadyConsumed(tx: Tx, orderId: string): Promise<boolean> {
  const seen = await tx.auditEvent.findFirst({
    where: { subjectType: "order", subjectId: orderId, action: "stock.consumed" },
    select: { id: true },
  });
  return seen !== null;
}

/**
 * The order's document was issued (or it shipped): its stock leaves the warehouses as a sale in
 * the kardex, valued at average cost. Held reservations are turned into the sale; an order that
 * never reserved takes what is free in priority order and the rest from its first warehouse (the
 * goods did leave, so the count may go below zero). Idempotent per order; run it in the caller's
 * transaction.
 */
export async function consumeForOrder(tx: Tx, orderId: string, actor = "hub"): Promise<ConsumeResult> {
  await tx.$queryRaw`SELECT id FROM "Order" WHERE id = ${orderId}::uuid FOR UPDATE`;
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { store: true } });
  const reservations = await tx.stockReservation.findMany({ where: { orderId } });
  if (reservations.some((r) => r.state === "consumed")) return { status: "already_consumed" };
  const held = reservations.filter((r) => r.state === "held");
  // An order that held nothing and moved nothing the first time (no catalog) leaves only its audit line.
  if (held.length === 0 && (await alreadyConsumed(tx, orderId))) return { status: "already_consumed" };
  const skipped: string[] = [];
  let takes: Take[];
  if (held.length > 0) {
    takes = held.map((r) => ({
      variantId: r.variantId,
      warehouseId: r.warehouseId,
      quantity: parseMilli(r.quantity),
      reservationId: r.id,
    }));
  } else {
    const wanted = quantitiesBySku(order.lines);
    const variants = new Map(
      (
        await tx.productVariant.findMany({
          where: { companyId: order.store.companyId, sku: { in: [...wanted.keys()] } },
          select: { id: true, sku: true },
        })
      ).map((v) => [v.sku, v.id]),
    );
    skipped.push(...[...wanted.keys()].filter((s) => !variants.has(s)));
    const feeds = await storeFeeds(tx, order.store);
    if (feeds.length === 0) {
      skipped.push(...variants.keys());
      variants.clear();
    }
    const peek = await lockBalances(
      tx,
      [...variants.values()].flatMap((variantId) => feeds.map((w) => ({ variantId, warehouseId: w.id }))),
      { create: true },
    );
    takes = [...variants].flatMap(([sku, variantId]) => {
      const sources = feeds.map((w) => ({
        warehouseId: w.id,
        free: freeStock(peek.get(balanceKey({ variantId, warehouseId: w.id }))!),
      }));
      const a = allocate(wanted.get(sku)!, sources);
      const out: Take[] = a.takes.map((t) => ({ variantId, ...t }));
      if (a.short > 0) out.push({ variantId, warehouseId: feeds[0]!.id, quantity: a.short });
      return out;
    });
  }
  const balances = await lockBalances(tx, takes, { create: true });
  const touched = new Map<string, Balance>();
  const movements: Prisma.StockMovementCreateManyInput[] = [];
  for (const t of takes) {
    const b = balances.get(balanceKey(t))!;
    const applied = applyMovement(b, -t.quantity);
    b.onHand = applied.onHand;
    if (t.reservationId) b.reserved = Math.max(0, b.reserved - t.quantity);
    touched.set(balanceKey(b), b);
    movements.push({
      companyId: order.store.companyId,
      variantId: t.variantId,
      warehouseId: t.warehouseId,
      kind: "sale",
      quantity: milliToDecimal(-t.quantity),
      unitCost: String(applied.unitCost),
      onHandAfter: milliToDecimal(applied.onHand),
      avgCostAfter: String(applied.avgCost),
      reason: `venta, pedido ${order.number ?? order.externalId}`,
      orderId,
      actor,
    });
  }
  await saveBalances(tx, [...touched.values()]);
  if (movements.length > 0) await tx.stockMovement.createMany({ data: movements });
  if (held.length > 0) {
    await tx.stockReservation.updateMany({ where: { orderId, state: "held" }, data: { state: "consumed" } });
  } else if (takes.length > 0) {
    // Remember where the goods left from, for a later return, and that this order is done.
    await tx.stockReservation.createMany({
      data: takes.map((t) => ({
        orderId,
        storeId: order.storeId,
        variantId: t.variantId,
        warehouseId: t.warehouseId,
        quantity: milliToDecimal(t.quantity),
        state: "consumed" as const,
      })),
    });
  }
  await refreshStoreVariants(tx, order.store.companyId, { variantIds: [...new Set(takes.map((t) => t.variantId))] });
  const skus = new Map(
    (
      await tx.productVariant.findMany({
        where: { id: { in: takes.map((t) => t.variantId) } },
        select: { id: true, sku: true },
      })
    ).map((v) => [v.id, v.sku]),
  );
  const codes = new Map(
    (
      await tx.warehouse.findMany({
        where: { id: { in: takes.map((t) => t.warehouseId) } },
        select: { id: true, code: true },
      })
    ).map((w) => [w.id, w.code]),
  );
  const moved = takes.map((t) => ({
    sku: skus.get(t.variantId)!,
    warehouse: codes.get(t.warehouseId)!,
    quantity: fromMilli(t.quantity),
  }));
  await recordAudit(tx, {
    companyId: order.store.companyId,
    storeId: order.storeId,
    subjectType: "order",
    subjectId: orderId,
    action: "stock.consumed",
    actor,
    data: { moved, skipped },
  });
  return { status: "consumed", moved, skipped };
}
