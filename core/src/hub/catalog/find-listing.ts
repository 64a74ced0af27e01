import type { Db } from "../db/prisma-client.js";
import type { PlatformRef } from "../platform/catalog-port.js";

/** The listing the hub knows for a platform inventory item of a store (Shopify's inventory_levels hook names only that). */
export async function findListingByInventoryItem(
  db: Db,
  storeId: string,
  inventoryItemId: string,
): Promise<PlatformRef | undefined> {
  const l = await db.storeListing.findFirst({
    where: { storeId, inventoryItemId },
    select: { platformProductId: true, platformVariantId: true, inventoryItemId: true },
  });
  if (!l?.platformProductId) return undefined;
  return {
    productId: l.platformProductId,
    ...(l.platformVariantId ? { variantId: l.platformVariantId } : {}),
    ...(l.inventoryItemId ? { inventoryItemId: l.inventoryItemId } : {}),
  };
}
