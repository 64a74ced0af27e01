import type { Db } from "../db/prisma-client.js";

/** The prefixes new customer codes get today, with the defaults a company starts with. */
export async function customerCodesView(
  db: Db,
  companyId: string,
): Promise<{ guestPrefix: string; accountPrefix: string; nextNumber: number }> {
  const s = await db.customerSettings.findUnique({ where: { companyId } });
  return {
    guestPrefix: s?.guestCodePrefix ?? "INV-",
    accountPrefix: s?.customerCodePrefix ?? "C-",
    nextNumber: s?.nextNumber ?? 1,
  };
}
