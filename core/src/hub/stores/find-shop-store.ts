import type { Company, Store } from "@prisma/client";
import type { Db } from "../db/prisma-client.js";

/** The store a platform shop is connected as (with its company), or null before onboarding. */
export async function findShopStore(
  db: Db,
  platform: string,
  shopDomain: string,
): Promise<(Store & { company: Company }) | null> {
  return db.store.findUnique({ where: { platform_shopDomain: { platform, shopDomain } }, include: { company: true } });
}
