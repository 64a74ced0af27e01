import type { Tx } from "../db/run-transaction.js";

/**
 * Matches store listings to hub variants by exact SKU and marks the duplicates and the ones
 * without a SKU; never by title. Scoped to some stores or SKUs when given. Returns the variants
 * whose listings changed state, so their published numbers can be recomputed.
 */
export async function rematchListings(
  tx: Tx,
  companyId: string,
  scope: { storeIds?: readonly string[]; skus?: readonly string[] } = {},
): Promise<string[]> {
  const storeIds = scope.storeIds ? [...scope.storeIds] : null;
  const skus = scope.skus ? [...scope.skus] : null;
  if (storeIds?.length === 0 || skus?.length === 0) return [];
  const rows = await tx.$queryRaw<Array<{ before: string | null; after: string | null }>>`
    WITH l AS (
      SELECT l.id, l.sku, l."storeId", l."variantId", l.status FROM "StoreListing" l JOIN "Store" s ON s.id = l."storeId"
      WHERE s."companyId" = ${companyId}::uuid
        AND (${storeIds}::uuid[] IS NULL OR l."storeId" = ANY(${storeIds}::uuid[]))
        AND (${skus}::text[] IS NULL OR l.sku = ANY(${skus}::text[]))
    ),
    c AS (
      SELECT l2."storeId", l2.sku, count(*) AS n FROM "StoreListing" l2
      WHERE l2.sku IS NOT NULL AND (l2."storeId", l2.sku) IN (SELECT "storeId", sku FROM l)
      GROUP BY l2."storeId", l2.sku
    ),
    m AS (
      SELECT l.id, l."variantId" AS before, v.id AS variant_id,
        (CASE WHEN l.sku IS NULL THEN 'missing_sku' WHEN c.n > 1 THEN 'duplicate' WHEN v.id IS NULL THEN 'unmatched' ELSE 'matched' END)::"ListingStatus" AS status
      FROM l
      LEFT JOIN c ON c."storeId" = l."storeId" AND c.sku = l.sku
      LEFT JOIN "ProductVariant" v ON v."companyId" = ${companyId}::uuid AND v.sku = l.sku
    )
    UPDATE "StoreListing" t SET "variantId" = m.variant_id, status = m.status
    FROM m WHERE t.id = m.id AND (t."variantId" IS DISTINCT FROM m.variant_id OR t.status <> m.status)
    RETURNING m.before::text AS before, m.variant_id::text AS after`;
  return [...new Set(rows.flatMap((r) => [r.before, r.after]).filter((v): v is string => v !== null))];
}
