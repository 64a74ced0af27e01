import { TimbreError } from "../../errors.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction } from "../db/run-transaction.js";
import { findWarehousesByCode } from "./find-warehouses.js";
import { refreshStoreVariants } from "./refresh-store-variants.js";

/**
 * Sets which warehouses feed a store, in priority order: the store shows the sum of their free
 * stock, and a sale reserves from the first that has it. Every SKU's number is recomputed at once.
 */
export async function setStoreWarehouses(
  db: Db,
  storeId: string,
  codes: readonly string[],
  actor: string,
): Promise<{ storeId: string; warehouses: string[] }> {
  if (codes.length === 0 || new Set(codes).size !== codes.length) {
    throw new TimbreError(
      "store.warehouses_invalid",
      { es: "Indique una o más bodegas, sin repetir.", en: "Give one or more warehouses, without repeats." },
      { fields: [{ field: "warehouses", message: "one or more distinct codes" }] },
    );
  }
  return runTransaction(db, async (tx) => {
    const store = await tx.store.findUnique({ where: { id: storeId } });
    if (!store)
      throw new TimbreError(
        "store.not_found",
        { es: `No existe la tienda ${storeId}.`, en: `No store ${storeId}.` },
        { kind: "not_found" },
      );
    const byCode = await findWarehousesByCode(tx, store.companyId, codes, "warehouses");
    await tx.storeWarehouse.deleteMany({ where: { storeId } });
    await tx.storeWarehouse.createMany({
      data: codes.map((c, i) => ({ storeId, warehouseId: byCode.get(c)!.id, priority: i + 1 })),
    });
    await tx.storeSyncConfig.upsert({ where: { storeId }, create: { storeId }, update: {} });
    await recordAudit(tx, {
      companyId: store.companyId,
      storeId,
      subjectType: "store",
      subjectId: storeId,
      action: "store.warehouses_set",
      actor,
      data: { warehouses: [...codes] },
    });
    await refreshStoreVariants(tx, store.companyId, { storeIds: [storeId] });
    return { storeId, warehouses: [...codes] };
  });
}
