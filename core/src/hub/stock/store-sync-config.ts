import type { StoreSyncConfig } from "@prisma/client";
import { z } from "zod";
import { TimbreError } from "../../errors.js";
import { fromMilli, milliToDecimal, parseMilli, QuantitySchema, toMilli } from "../../rules/stock/quantity.js";
import { fieldIssues } from "../../validation.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction, type Tx } from "../db/run-transaction.js";
import { refreshStoreVariants } from "./refresh-store-variants.js";
import { requireStore } from "./require-store.js";

export const StoreSyncPatchSchema = z.object({
  safetyBuffer: QuantitySchema.refine((q) => q >= 0, "must not be negative").optional(),
  productDataFromStore: z.boolean().optional(),
  /** A price list name; null to go back to base prices. */
  priceList: z.string().trim().min(1).max(80).nullable().optional(),
});

export type StoreSyncPatch = z.input<typeof StoreSyncPatchSchema>;

export interface StoreSyncView {
  storeId: string;
  safetyBuffer: number;
  productDataFromStore: boolean;
  priceList: string | null;
  warehouses: string[];
  lastPublishedAt: string | null;
}

/**
 * The first time the hub looks at a store's stock it computes every SKU for it: a store connected
 * after the catalog existed starts complete.
 */
export async function ensureStoreStock(tx: Tx, store: { id: string; companyId: string }): Promise<void> {
  const created = await tx.$queryRaw<unknown[]>`
    INSERT INTO "StoreSyncConfig" ("storeId", "updatedAt") VALUES (${store.id}::uuid, now())
    ON CONFLICT ("storeId") DO NOTHING RETURNING "storeId"`;
  if (created.length > 0) await refreshStoreVariants(tx, store.companyId, { storeIds: [store.id] });
}

export async function storeSyncView(db: Db | Tx, storeId: string): Promise<StoreSyncView> {
  const config = await db.storeSyncConfig.findUnique({ where: { storeId }, include: { priceList: true } });
  const feeds = await db.storeWarehouse.findMany({
    where: { storeId },
    include: { warehouse: true },
    orderBy: { priority: "asc" },
  });
  return view(
    storeId,
    config,
    config?.priceList?.name ?? null,
    feeds.map((f) => f.warehouse.code),
  );
}

function view(
  storeId: string,
  c: StoreSyncConfig | null,
  priceList: string | null,
  warehouses: string[],
): StoreSyncView {
  return {
    storeId,
    safetyBuffer: c ? fromMilli(parseMilli(c.safetyBuffer)) : 0,
    productDataFromStore: c?.productDataFromStore ?? false,
    priceList,
    warehouses,
    lastPublishedAt: c?.lastPublishedAt?.toISOString() ?? null,
  };
}

/** Changes a store's buffer, product-data direction or price list; a new buffer is applied to every SKU at once. */
export async function setStoreSyncConfig(
  db: Db,
  storeId: string,
  patch: StoreSyncPatch,
  actor: string,
): Promise<StoreSyncView> {
  const parsed = StoreSyncPatchSchema.safeParse(patch);
  if (!parsed.success) {
    const fields = fieldIssues(parsed.error);
    throw new TimbreError(
      "store.sync_invalid",
      {
        es: `Datos inválidos: ${fields.map((f) => f.field).join(", ")}.`,
        en: `Invalid data: ${fields.map((f) => f.field).join(", ")}.`,
      },
      { fields },
    );
  }
  const p = parsed.data;
  return runTransaction(db, async (tx) => {
    const store = await requireStore(tx, storeId);
    let priceListId: string | null | undefined;
    if (p.priceList === null) priceListId = null;
    else if (p.priceList !== undefined) {
      const list = await tx.priceList.findUnique({
        where: { companyId_name: { companyId: store.companyId, name: p.priceList } },
      });
      if (!list)
        throw new TimbreError(
          "price_list.not_found",
          { es: `No existe la lista de precios ${p.priceList}.`, en: `No price list ${p.priceList}.` },
          { kind: "not_found", fields: [{ field: "priceList", message: "unknown" }] },
        );
      priceListId = list.id;
    }
    const data = {
      ...(p.safetyBuffer !== undefined ? { safetyBuffer: milliToDecimal(toMilli(p.safetyBuffer)) } : {}),
      ...(p.productDataFromStore !== undefined ? { productDataFromStore: p.productDataFromStore } : {}),
      ...(priceListId !== undefined ? { priceListId } : {}),
    };
    await tx.storeSyncConfig.upsert({ where: { storeId }, create: { storeId, ...data }, update: data });
    await recordAudit(tx, {
      companyId: store.companyId,
      storeId,
      subjectType: "store",
      subjectId: storeId,
      action: "store.sync_settings_changed",
      actor,
      data: { ...p },
    });
    if (p.safetyBuffer !== undefined) await refreshStoreVariants(tx, store.companyId, { storeIds: [storeId] });
    return storeSyncView(tx, storeId);
  });
}
