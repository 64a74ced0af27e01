import { recordAudit } from "../audit/record-audit.js";
import { resolveOrderSkus } from "../catalog/resolve-order-skus.js";
import type { OrderStockHooks } from "../documents/pipeline-deps.js";
import { consumeForOrder } from "./consume-for-order.js";
import { releaseForOrder } from "./release-for-order.js";
import { reserveForOrder } from "./reserve-for-order.js";

/**
 * The catalog and stock as the order pipeline sees them. A company that keeps no catalog in
 * Timbre only invoices: its SKUs cannot be "unknown", so nothing waits on them.
 */
export const orderStockHooks: OrderStockHooks = {
  async skuProblems(tx, store, skus) {
    const keepsCatalog = await tx.productVariant.findFirst({
      where: { companyId: store.companyId },
      select: { id: true },
    });
    if (!keepsCatalog) return { unknown: [], duplicated: [] };
    const { unknown, duplicated } = await resolveOrderSkus(tx, store, skus);
    // A SKU the store lists twice is not in the catalog either; the duplicate is what to fix.
    return { unknown: unknown.filter((s) => !duplicated.includes(s)), duplicated };
  },
  async reserve(tx, order) {
    const result = await reserveForOrder(tx, order);
    // A paid order is sold whatever the count says: the shortfall is for the merchant to see.
    if (result.status === "insufficient") {
      const store = await tx.store.findUniqueOrThrow({ where: { id: order.storeId }, select: { companyId: true } });
      await recordAudit(tx, {
        companyId: store.companyId,
        storeId: order.storeId,
        subjectType: "order",
        subjectId: order.id,
        action: "stock.short",
        actor: "hub",
        data: { short: result.short },
      });
    }
  },
  async consume(tx, orderId) {
    await consumeForOrder(tx, orderId);
  },
  async release(tx, orderId) {
    await releaseForOrder(tx, orderId);
  },
};
