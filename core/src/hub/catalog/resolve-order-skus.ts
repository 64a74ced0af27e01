import type { Db } from "../db/prisma-client.js";
import type { Tx } from "../db/run-transaction.js";

export interface SkuResolution {
  /** SKUs the hub has no product for. */
  unknown: string[];
  /** SKUs this store lists more than once: which product was sold would be a guess. */
  duplicated: string[];
  /** Lines without a SKU. */
  missing: number;
}

/**
 * Why an order's lines cannot be matched to the catalog, for the order's pending reasons. An order
 * with anything here stays pending: lines are matched by SKU only, never by name.
 */
export async function resolveOrderSkus(
  db: Db | Tx,
  store: { id: string; companyId: string },
  skus: ReadonlyArray<string | null | undefined>,
): Promise<SkuResolution> {
  const given = [...new Set(skus.map((s) => s?.trim()).filter((s): s is string => !!s))];
  const missing = skus.filter((s) => !s?.trim()).length;
  if (given.length === 0) return { unknown: [], duplicated: [], missing };
  const known = await db.productVariant.findMany({
    where: { companyId: store.companyId, sku: { in: given } },
    select: { sku: true },
  });
  const knownSet = new Set(known.map((k) => k.sku));
  const dups = await db.storeListing.findMany({
    where: { storeId: store.id, status: "duplicate", sku: { in: given } },
    select: { sku: true },
    distinct: ["sku"],
  });
  const dupSet = new Set(dups.map((d) => d.sku));
  return {
    unknown: given.filter((s) => !knownSet.has(s)),
    duplicated: given.filter((s) => dupSet.has(s)),
    missing,
  };
}
