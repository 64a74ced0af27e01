import type { Db } from "../db/prisma-client.js";
import type { Tx } from "../db/run-transaction.js";

export interface ResolvedPrice {
  price: number;
  source: "customer" | "store" | "base";
}

/** Unit prices for these SKUs: the customer's price list, else the store's, else the base price. */
export async function resolvePrices(
  db: Db | Tx,
  ctx: { companyId: string; storeId?: string; customerId?: string },
  skus: readonly string[],
): Promise<Map<string, ResolvedPrice>> {
  const variants = await db.productVariant.findMany({
    where: { companyId: ctx.companyId, sku: { in: [...skus] } },
    include: { prices: true },
  });
  const customerList = ctx.customerId
    ? (await db.customer.findUnique({ where: { id: ctx.customerId }, select: { priceListId: true } }))?.priceListId
    : null;
  const storeList = ctx.storeId
    ? (await db.storeSyncConfig.findUnique({ where: { storeId: ctx.storeId }, select: { priceListId: true } }))
        ?.priceListId
    : null;
  const out = new Map<string, ResolvedPrice>();
  for (const v of variants) {
    const fromCustomer = customerList ? v.prices.find((p) => p.priceListId === customerList) : undefined;
    const fromStore = storeList ? v.prices.find((p) => p.priceListId === storeList) : undefined;
    out.set(
      v.sku,
      fromCustomer
        ? { price: fromCustomer.price, source: "customer" }
        : fromStore
          ? { price: fromStore.price, source: "store" }
          : { price: v.price, source: "base" },
    );
  }
  return out;
}
