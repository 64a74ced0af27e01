import type { Tx } from "../db/run-transaction.js";
import { schedulePublish } from "./schedule-publish.js";

/**
 * Recomputes what each store should show (StoreVariant.available) for the given stores and
 * variants (all of the company's when omitted), in the caller's transaction, and queues a publish
 * for every store whose numbers changed. Mirrors rules/stock/available.ts `storeAvailable`:
 * Σ over the store's warehouses of max(0, onHand − reserved), minus the safety buffer, floored,
 * never below zero; 0 when the store must not sell it (sell-online off, or its SKU is duplicated
 * in that store). A store with no warehouses of its own is fed by the company's default one.
 */
export async function refreshStoreVariants(
  tx: Tx,
  companyId: string,
  scope: { storeIds?: readonly string[]; variantIds?: readonly string[] } = {},
): Promise<string[]> {
  const storeIds = scope.storeIds ? [...scope.storeIds] : null;
  const variantIds = scope.variantIds ? [...scope.variantIds] : null;
  if (storeIds?.length === 0 || variantIds?.length === 0) return [];
  const changed = await tx.$queryRaw<Array<{ storeId: string }>>`
    WITH s AS (
      SELECT st.id AS store_id, COALESCE(c."safetyBuffer", 0) AS buffer
      FROM "Store" st LEFT JOIN "StoreSyncConfig" c ON c."storeId" = st.id
      WHERE st."companyId" = ${companyId}::uuid AND (${storeIds}::uuid[] IS NULL OR st.id = ANY(${storeIds}::uuid[]))
    ),
    v AS (
      SELECT id FROM "ProductVariant"
      WHERE "companyId" = ${companyId}::uuid AND (${variantIds}::uuid[] IS NULL OR id = ANY(${variantIds}::uuid[]))
    ),
    feeds AS (
      SELECT sw."storeId" AS store_id, sw."warehouseId" AS warehouse_id FROM "StoreWarehouse" sw JOIN s ON s.store_id = sw."storeId"
      UNION ALL
      SELECT s.store_id, w.id FROM s JOIN "Warehouse" w ON w."companyId" = ${companyId}::uuid AND w."isDefault"
      WHERE NOT EXISTS (SELECT 1 FROM "StoreWarehouse" sw WHERE sw."storeId" = s.store_id)
    ),
    free AS (
      SELECT f.store_id, b."variantId" AS variant_id, SUM(GREATEST(b."onHand" - b.reserved, 0)) AS free
      FROM feeds f JOIN "StockBalance" b ON b."warehouseId" = f.warehouse_id JOIN v ON v.id = b."variantId"
      GROUP BY f.store_id, b."variantId"
    ),
    dup AS (
      SELECT DISTINCT l."storeId" AS store_id, l."variantId" AS variant_id
      FROM "StoreListing" l JOIN s ON s.store_id = l."storeId" JOIN v ON v.id = l."variantId"
      WHERE l.status = 'duplicate'
    )
    INSERT INTO "StoreVariant" ("storeId", "variantId", available)
    SELECT s.store_id, v.id,
      CASE WHEN COALESCE(sv."sellOnline", true) AND dup.variant_id IS NULL
        THEN GREATEST(0, FLOOR(COALESCE(free.free, 0) - s.buffer))::int ELSE 0 END
    FROM s CROSS JOIN v
    LEFT JOIN "StoreVariant" sv ON sv."storeId" = s.store_id AND sv."variantId" = v.id
    LEFT JOIN free ON free.store_id = s.store_id AND free.variant_id = v.id
    LEFT JOIN dup ON dup.store_id = s.store_id AND dup.variant_id = v.id
    ORDER BY s.store_id, v.id
    ON CONFLICT ("storeId", "variantId") DO UPDATE SET available = EXCLUDED.available, "changedAt" = (clock_timestamp() AT TIME ZONE 'UTC')
      WHERE "StoreVariant".available <> EXCLUDED.available
    RETURNING "storeId"::text AS "storeId"`;
  const stores = [...new Set(changed.map((r) => r.storeId))];
  await schedulePublish(tx, stores);
  return stores;
}
