import type { Db } from "../db/prisma-client.js";

export interface ProductRow {
  sku: string;
  name: string;
  /** Whole CLP, IVA included unless exempt. */
  price: number;
  active: boolean;
}

/** The company's products by SKU (a search matches SKU or name), for the admin screens. */
export async function listProducts(
  db: Db,
  companyId: string,
  filter: { search?: string; limit?: number } = {},
): Promise<{ total: number; products: ProductRow[] }> {
  const q = filter.search?.trim();
  const where = {
    companyId,
    ...(q
      ? {
          OR: [
            { sku: { contains: q, mode: "insensitive" as const } },
            { name: { contains: q, mode: "insensitive" as const } },
          ],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db.productVariant.count({ where }),
    db.productVariant.findMany({
      where,
      orderBy: { sku: "asc" },
      take: filter.limit ?? 50,
      select: { sku: true, name: true, price: true, active: true },
    }),
  ]);
  return { total, products: rows };
}
