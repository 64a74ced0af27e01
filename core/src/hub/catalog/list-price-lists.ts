import type { Db } from "../db/prisma-client.js";

export interface PriceListView {
  name: string;
  /** How many SKUs the list prices. */
  count: number;
  /** Its prices, by SKU, up to `limit`. */
  prices: Array<{ sku: string; name: string; price: number }>;
}

/** The company's price lists with their prices, for the admin screens. */
export async function listPriceLists(db: Db, companyId: string, limit = 200): Promise<PriceListView[]> {
  const lists = await db.priceList.findMany({
    where: { companyId },
    orderBy: { name: "asc" },
    include: {
      _count: { select: { entries: true } },
      entries: {
        take: limit,
        orderBy: { variant: { sku: "asc" } },
        select: { price: true, variant: { select: { sku: true, name: true } } },
      },
    },
  });
  return lists.map((l) => ({
    name: l.name,
    count: l._count.entries,
    prices: l.entries.map((e) => ({ sku: e.variant.sku, name: e.variant.name, price: e.price })),
  }));
}
