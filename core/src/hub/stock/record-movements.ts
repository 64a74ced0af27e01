import { randomUUID } from "node:crypto";
import type { MovementKind, Prisma, Warehouse } from "@prisma/client";
import { TimbreError, type FieldIssue } from "../../errors.js";
import type { MovementInput, MovementKindInput } from "../../rules/stock/catalog-input.js";
import { fromMilli, milliToDecimal, parseMilli, toMilli } from "../../rules/stock/quantity.js";
import { applyMovement } from "../../rules/stock/weighted-average.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction, type Tx } from "../db/run-transaction.js";
import { balanceKey, lockBalances, saveBalances, type Balance } from "./balances.js";
import { storeFeeds } from "./find-warehouses.js";
import { refreshStoreVariants } from "./refresh-store-variants.js";

export interface MovementResult {
  sku: string;
  warehouse: string;
  kind: MovementKindInput;
  /** The signed change applied to `warehouse` (0 when a count found nothing to correct). */
  quantity: number;
  unitCost: number;
  onHand: number;
  avgCost: number;
  /** For a transfer: the receiving warehouse after it. */
  to?: { warehouse: string; onHand: number; avgCost: number };
  /** Its externalId was recorded before: nothing new was recorded. */
  duplicate: boolean;
}

export const MAX_MOVEMENTS_BATCH = 500;

const KIND: Record<MovementKindInput, MovementKind> = {
  in: "in",
  out: "out",
  adjust: "adjustment",
  count: "adjustment",
  transfer: "transfer",
};

/**
 * Records back-office stock movements, all or none, valued by weighted average cost. Quantities may
 * be fractional and may take a balance below zero (the kardex records what happened); what stores
 * are shown is recomputed in the same transaction and published after it.
 */
export async function recordMovements(
  db: Db,
  companyId: string,
  inputs: readonly MovementInput[],
  options: { actor: string; store?: { id: string; companyId: string } },
): Promise<MovementResult[]> {
  if (inputs.length === 0) return [];
  return runTransaction(db, (tx) => record(tx, companyId, inputs, options), { retryOn: ["23505"] });
}

async function record(
  tx: Tx,
  companyId: string,
  inputs: readonly MovementInput[],
  options: { actor: string; store?: { id: string; companyId: string } },
): Promise<MovementResult[]> {
  const issues: FieldIssue[] = [];
  const variants = new Map(
    (
      await tx.productVariant.findMany({
        where: { companyId, sku: { in: inputs.map((m) => m.sku) } },
        select: { id: true, sku: true },
      })
    ).map((v) => [v.sku, v.id]),
  );
  const codes = inputs.flatMap((m) => [m.warehouse, m.toWarehouse]).filter((c): c is string => c !== undefined);
  const warehouses = new Map(
    (await tx.warehouse.findMany({ where: { companyId, code: { in: codes } } })).map((w) => [w.code, w]),
  );
  const fallback: Warehouse | undefined = inputs.some((m) => !m.warehouse)
    ? options.store
      ? (await storeFeeds(tx, options.store))[0]
      : ((await tx.warehouse.findFirst({ where: { companyId, isDefault: true } })) ?? undefined)
    : undefined;
  const seenIds = new Set<string>();
  inputs.forEach((m, i) => {
    if (!variants.has(m.sku)) issues.push({ field: `movements.${i}.sku`, message: `unknown SKU ${m.sku}` });
    if (m.warehouse ? !warehouses.has(m.warehouse) : !fallback)
      issues.push({
        field: `movements.${i}.warehouse`,
        message: m.warehouse ? `unknown warehouse ${m.warehouse}` : "no default warehouse: give one",
      });
    if (m.toWarehouse && !warehouses.has(m.toWarehouse))
      issues.push({ field: `movements.${i}.toWarehouse`, message: `unknown warehouse ${m.toWarehouse}` });
    if (m.externalId) {
      if (seenIds.has(m.externalId))
        issues.push({ field: `movements.${i}.externalId`, message: "repeated in this batch" });
      seenIds.add(m.externalId);
    }
  });
  if (issues.length > 0) {
    throw new TimbreError(
      "stock.movement_invalid",
      {
        es: `Movimientos inválidos: ${issues.map((f) => `${f.field} (${f.message})`).join("; ")}.`,
        en: `Invalid movements: ${issues.map((f) => `${f.field} (${f.message})`).join("; ")}.`,
      },
      { fields: issues },
    );
  }
  const warehouseOf = (m: MovementInput): Warehouse => (m.warehouse ? warehouses.get(m.warehouse)! : fallback!);

  const prior = new Map(
    (
      await tx.stockMovement.findMany({
        where: { companyId, externalId: { in: [...seenIds] } },
        include: { warehouse: { select: { code: true } } },
      })
    ).map((p) => [p.externalId!, p]),
  );

  const keys = inputs
    .filter((m) => !(m.externalId && prior.has(m.externalId)))
    .flatMap((m) => {
      const variantId = variants.get(m.sku)!;
      const own = { variantId, warehouseId: warehouseOf(m).id };
      return m.toWarehouse ? [own, { variantId, warehouseId: warehouses.get(m.toWarehouse)!.id }] : [own];
    });
  const balances = await lockBalances(tx, keys, { create: true });
  const touched = new Map<string, Balance>();
  const rows: Prisma.StockMovementCreateManyInput[] = [];

  const move = (
    b: Balance,
    kind: MovementKind,
    delta: number,
    unitCost: number | undefined,
    m: MovementInput,
    extra: { externalId?: string; transferId?: string },
  ) => {
    const applied = applyMovement(b, delta, unitCost);
    b.onHand = applied.onHand;
    b.avgCost = applied.avgCost;
    touched.set(balanceKey(b), b);
    rows.push({
      companyId,
      variantId: b.variantId,
      warehouseId: b.warehouseId,
      kind,
      quantity: milliToDecimal(delta),
      unitCost: String(applied.unitCost),
      onHandAfter: milliToDecimal(applied.onHand),
      avgCostAfter: String(applied.avgCost),
      reason: m.reason ?? (m.kind === "count" ? "conteo físico" : ""),
      externalId: extra.externalId ?? null,
      transferId: extra.transferId ?? null,
      actor: options.actor,
    });
    return applied;
  };

  const results = inputs.map((m): MovementResult => {
    const warehouse = warehouseOf(m);
    const previous = m.externalId ? prior.get(m.externalId) : undefined;
    if (previous) {
      return {
        sku: m.sku,
        warehouse: previous.warehouse.code,
        kind: m.kind,
        quantity: fromMilli(parseMilli(previous.quantity)),
        unitCost: Number(previous.unitCost),
        onHand: fromMilli(parseMilli(previous.onHandAfter)),
        avgCost: Number(previous.avgCostAfter),
        duplicate: true,
      };
    }
    const variantId = variants.get(m.sku)!;
    const b = balances.get(balanceKey({ variantId, warehouseId: warehouse.id }))!;
    const q = toMilli(m.quantity);
    const delta = m.kind === "in" || m.kind === "adjust" ? q : m.kind === "count" ? q - b.onHand : -q;
    if (delta === 0) {
      return {
        sku: m.sku,
        warehouse: warehouse.code,
        kind: m.kind,
        quantity: 0,
        unitCost: b.avgCost,
        onHand: fromMilli(b.onHand),
        avgCost: b.avgCost,
        duplicate: false,
      };
    }
    const transferId = m.kind === "transfer" ? randomUUID() : undefined;
    const applied = move(b, KIND[m.kind], delta, m.unitCost, m, {
      ...(m.externalId ? { externalId: m.externalId } : {}),
      ...(transferId ? { transferId } : {}),
    });
    const result: MovementResult = {
      sku: m.sku,
      warehouse: warehouse.code,
      kind: m.kind,
      quantity: fromMilli(delta),
      unitCost: applied.unitCost,
      onHand: fromMilli(applied.onHand),
      avgCost: applied.avgCost,
      duplicate: false,
    };
    if (m.toWarehouse && transferId) {
      const target = warehouses.get(m.toWarehouse)!;
      const t = balances.get(balanceKey({ variantId, warehouseId: target.id }))!;
      // The receiving side takes the goods at the cost they left with.
      const received = move(t, "transfer", q, applied.unitCost, m, {
        ...(m.externalId ? { externalId: `${m.externalId}#in` } : {}),
        transferId,
      });
      result.to = { warehouse: target.code, onHand: fromMilli(received.onHand), avgCost: received.avgCost };
    }
    return result;
  });

  await saveBalances(tx, [...touched.values()]);
  if (rows.length > 0) await tx.stockMovement.createMany({ data: rows });
  await refreshStoreVariants(tx, companyId, {
    variantIds: [...new Set([...touched.values()].map((b) => b.variantId))],
  });
  return results;
}
