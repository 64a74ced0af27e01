import type { Db } from "../db/prisma-client.js";
import { resolvePrices } from "./resolve-prices.js";

/** A product as a store that takes its catalog from the hub publishes it (Magento). */
export interface StoreCatalogItem {
  sku: string;
  name: string;
  /** The short online name (Magento short_description); absent when the merchant gave none. */
  shortName?: string | undefined;
  description?: string | undefined;
  weightGrams?: number | undefined;
  /** Whole CLP per unit: the store's price list, else the base price. */
  price: number;
  imageUrls: string[];
  /** The merchant's "sell online" for this store: off, the store must not sell it. */
  sellOnline: boolean;
  /** When any of the above last changed in the hub (ISO). */
  changedAt: string;
}

/**
 * The hub's catalog as one store should show it, in SKU order from `after`: what "sell online"
 * decides to publish, with the product's data. Only products that have a "sell online" row for the
 * store (every product once the store's stock was computed).
 */
export async function storeCatalogItems(
  db: Db,
  store: { id: string; companyId: string },
  options: { after?: string; limit: number },
): Promise<StoreCatalogItem[]> {
  const rows = await db.storeVariant.findMany({
    where: { storeId: store.id, variant: { active: true, ...(options.after ? { sku: { gt: options.after } } : {}) } },
    orderBy: { variant: { sku: "asc" } },
    take: options.limit,
    include: { variant: { include: { product: { include: { images: { orderBy: { position: "asc" } } } } } } },
  });
  const prices = await resolvePrices(
    db,
    { companyId: store.companyId, storeId: store.id },
    rows.map((r) => r.variant.sku),
  );
  return rows.map(({ variant: v, sellOnline }) => {
    const p = v.product;
    const changed = [v.updatedAt, p.updatedAt].sort((a, b) => b.getTime() - a.getTime())[0]!;
    return {
      sku: v.sku,
      name: v.name || p.name,
      ...(p.shortName ? { shortName: p.shortName } : {}),
      ...(p.description ? { description: p.description } : {}),
      ...(v.weightGrams !== null ? { weightGrams: v.weightGrams } : {}),
      price: prices.get(v.sku)?.price ?? v.price,
      imageUrls: p.images.map((i) => i.url),
      sellOnline,
      changedAt: changed.toISOString(),
    };
  });
}
