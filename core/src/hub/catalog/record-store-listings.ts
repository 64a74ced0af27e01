import type { Tx } from "../db/run-transaction.js";
import type { PlatformRef } from "../platform/catalog-port.js";
import { refreshStoreVariants } from "../stock/refresh-store-variants.js";
import { listingKeys } from "./listing-keys.js";
import { rematchListings } from "./rematch-listings.js";

export interface ListingInput {
  sku: string | null;
  title: string;
  price?: number | undefined;
  ref?: PlatformRef | undefined;
  /** What the store reports it shows now; undefined keeps what we knew. */
  quantity?: number | null | undefined;
}

/**
 * Records what a store has (from its sync API calls or an initial sync), matches it to the hub by
 * SKU, and recomputes the numbers of the SKUs whose matching changed (a duplicate shows 0).
 */
export async function recordStoreListings(
  tx: Tx,
  store: { id: string; companyId: string },
  items: readonly ListingInput[],
  seenAt = new Date(),
): Promise<void> {
  if (items.length === 0) return;
  const keys = listingKeys(items);
  const skus = [...new Set(items.map((i) => i.sku).filter((s): s is string => s !== null))];
  const reported = items.map((i) => (i.quantity == null ? null : Math.max(0, Math.trunc(i.quantity))));
  // A listing that changes SKU may leave its old SKU no longer duplicated: rematch that one too.
  const previous = await tx.$queryRaw<Array<{ sku: string }>>`
    SELECT DISTINCT sku FROM "StoreListing" WHERE "storeId" = ${store.id}::uuid AND key = ANY(${keys}::text[]) AND sku IS NOT NULL`;
  await tx.$executeRaw`
    INSERT INTO "StoreListing" (id, "storeId", key, sku, "platformProductId", "platformVariantId", "inventoryItemId", title, price, status, "publishedQuantity", "seenAt")
    SELECT gen_random_uuid(), ${store.id}::uuid, x.key, x.sku, x.product_id, x.variant_id, x.item_id, x.title, x.price,
           (CASE WHEN x.sku IS NULL THEN 'missing_sku' ELSE 'unmatched' END)::"ListingStatus", x.quantity, ${seenAt}
    FROM unnest(${keys}::text[], ${items.map((i) => i.sku)}::text[], ${items.map((i) => i.ref?.productId ?? null)}::text[],
                ${items.map((i) => i.ref?.variantId ?? null)}::text[], ${items.map((i) => i.ref?.inventoryItemId ?? null)}::text[],
                ${items.map((i) => i.title.slice(0, 255))}::text[], ${items.map((i) => i.price ?? null)}::int[], ${reported}::int[])
      AS x(key, sku, product_id, variant_id, item_id, title, price, quantity)
    ON CONFLICT ("storeId", key) DO UPDATE SET
      sku = EXCLUDED.sku, "platformProductId" = EXCLUDED."platformProductId", "platformVariantId" = EXCLUDED."platformVariantId",
      "inventoryItemId" = EXCLUDED."inventoryItemId", title = EXCLUDED.title, price = COALESCE(EXCLUDED.price, "StoreListing".price),
      "seenAt" = EXCLUDED."seenAt",
      "publishedQuantity" = COALESCE(EXCLUDED."publishedQuantity", "StoreListing"."publishedQuantity")`;
  // A SKU the store now sends once without ids is no longer duplicated by an earlier batch's copies.
  const single = skus.filter((s) => keys.filter((k) => k === `sku:${s}` || k.startsWith(`sku:${s}#`)).length === 1);
  const stale = single.length
    ? await tx.$queryRaw<Array<{ sku: string }>>`
        DELETE FROM "StoreListing" WHERE "storeId" = ${store.id}::uuid AND sku = ANY(${single}::text[]) AND key LIKE 'sku:%#%' RETURNING sku`
    : [];
  const changed = await rematchListings(tx, store.companyId, {
    storeIds: [store.id],
    skus: [...new Set([...skus, ...previous.map((p) => p.sku), ...stale.map((s) => s.sku)])],
  });
  await refreshStoreVariants(tx, store.companyId, { storeIds: [store.id], variantIds: changed });
}
