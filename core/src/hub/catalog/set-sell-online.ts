import { TimbreError } from "../../errors.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction } from "../db/run-transaction.js";
import { refreshStoreVariants } from "../stock/refresh-store-variants.js";
import { requireStore } from "../stock/require-store.js";
import { ensureStoreStock } from "../stock/store-sync-config.js";

/** Turns selling online on or off for a product (all its variants) in one store; off publishes 0. */
export async function setSellOnline(
  db: Db,
  storeId: string,
  sku: string,
  on: boolean,
  actor: string,
): Promise<{ skus: string[] }> {
  return runTransaction(db, async (tx) => {
    const store = await requireStore(tx, storeId);
    const variant = await tx.productVariant.findUnique({
      where: { companyId_sku: { companyId: store.companyId, sku } },
    });
    if (!variant)
      throw new TimbreError(
        "product.not_found",
        { es: `No existe el SKU ${sku}.`, en: `No product with SKU ${sku}.` },
        { kind: "not_found" },
      );
    await ensureStoreStock(tx, store);
    const variants = await tx.productVariant.findMany({
      where: { productId: variant.productId },
      select: { id: true, sku: true },
    });
    await tx.storeVariant.updateMany({
      where: { storeId, variantId: { in: variants.map((v) => v.id) } },
      data: { sellOnline: on },
    });
    await recordAudit(tx, {
      companyId: store.companyId,
      storeId,
      subjectType: "store",
      subjectId: storeId,
      action: on ? "product.sell_online_on" : "product.sell_online_off",
      actor,
      data: { skus: variants.map((v) => v.sku) },
    });
    await refreshStoreVariants(tx, store.companyId, { storeIds: [storeId], variantIds: variants.map((v) => v.id) });
    return { skus: variants.map((v) => v.sku) };
  });
}
