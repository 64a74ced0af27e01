import { recordAudit } from "../audit/record-audit.js";
import { listingKey } from "../catalog/listing-keys.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction } from "../db/run-transaction.js";
import type { PlatformRef } from "../platform/catalog-port.js";
import { schedulePublish } from "./schedule-publish.js";

export interface StoreStockEdit {
  ref?: PlatformRef;
  sku?: string;
  /** What the store shows now. */
  quantity: number;
}

/**
 * A store reported a stock level (inventory webhook, poll). When it is our own write echoing back
 * nothing happens; when someone edited it on the store, the change is logged and overwritten by the
 * next publish, because the back office is the master of stock.
 */
export async function recordStoreStockEdit(
  db: Db,
  store: { id: string; companyId: string },
  edit: StoreStockEdit,
  actor: string,
): Promise<{ overwritten: boolean; hub: number | null }> {
  return runTransaction(db, async (tx) => {
    const listing = await tx.storeListing.findFirst({
      where: edit.ref
        ? { storeId: store.id, key: listingKey(edit.ref) }
        : { storeId: store.id, sku: edit.sku ?? "", status: { in: ["matched", "duplicate"] } },
    });
    if (!listing?.variantId) return { overwritten: false, hub: null };
    const sv = await tx.storeVariant.findUnique({
      where: { storeId_variantId: { storeId: store.id, variantId: listing.variantId } },
    });
    const hub = sv?.available ?? null;
    const quantity = Math.max(0, Math.trunc(edit.quantity));
    await tx.storeListing.update({ where: { id: listing.id }, data: { publishedQuantity: quantity } });
    if (hub === null || hub === quantity) return { overwritten: false, hub };
    await recordAudit(tx, {
      companyId: store.companyId,
      storeId: store.id,
      subjectType: "store",
      subjectId: store.id,
      action: "stock.store_edit_overwritten",
      actor,
      data: { sku: listing.sku, store: quantity, hub },
    });
    await schedulePublish(tx, [store.id], 0);
    return { overwritten: true, hub };
  });
}
