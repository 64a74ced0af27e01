import type { Warehouse } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import type { Db } from "../db/prisma-client.js";
import type { Tx } from "../db/run-transaction.js";

/** Warehouses by code; unknown codes are an error naming each one. */
export async function findWarehousesByCode(
  db: Db | Tx,
  companyId: string,
  codes: readonly string[],
  field = "warehouse",
): Promise<Map<string, Warehouse>> {
  const found = await db.warehouse.findMany({ where: { companyId, code: { in: [...new Set(codes)] } } });
  const byCode = new Map(found.map((w) => [w.code, w]));
  const missing = [...new Set(codes)].filter((c) => !byCode.has(c));
  if (missing.length > 0) {
    throw new TimbreError(
      "warehouse.not_found",
      { es: `No existe la bodega ${missing.join(", ")}.`, en: `No warehouse with code ${missing.join(", ")}.` },
      { fields: missing.map((c) => ({ field, message: `unknown warehouse ${c}` })) },
    );
  }
  return byCode;
}

/**
 * The warehouses that feed a store, in reservation priority: its own, else the company's default.
 */
export async function storeFeeds(db: Db | Tx, store: { id: string; companyId: string }): Promise<Warehouse[]> {
  const own = await db.storeWarehouse.findMany({
    where: { storeId: store.id },
    include: { warehouse: true },
    orderBy: { priority: "asc" },
  });
  if (own.length > 0) return own.map((o) => o.warehouse);
  const fallback = await db.warehouse.findFirst({ where: { companyId: store.companyId, isDefault: true } });
  return fallback ? [fallback] : [];
}
