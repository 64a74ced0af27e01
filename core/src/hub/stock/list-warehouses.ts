import type { Db } from "../db/prisma-client.js";

/** A company's warehouses, and which of them feed a store (in priority order). */
export async function listWarehouses(
  db: Db,
  companyId: string,
  storeId?: string,
): Promise<{
  warehouses: Array<{ id: string; code: string; name: string; isDefault: boolean }>;
  storeFeeds: string[];
}> {
  const [warehouses, feeds] = await Promise.all([
    db.warehouse.findMany({ where: { companyId }, orderBy: [{ isDefault: "desc" }, { code: "asc" }] }),
    storeId
      ? db.storeWarehouse.findMany({ where: { storeId }, orderBy: { priority: "asc" }, include: { warehouse: true } })
      : Promise.resolve([]),
  ]);
  return {
    warehouses: warehouses.map((w) => ({ id: w.id, code: w.code, name: w.name, isDefault: w.isDefault })),
    storeFeeds: feeds.map((f) => f.warehouse.code),
  };
}
