import type { Prisma } from "@prisma/client";
import { zoneView, type ZoneView } from "./zone-view.js";

/** In the order ties are broken: position, then age. */
export async function listZones(db: Prisma.TransactionClient, companyId: string): Promise<ZoneView[]> {
  const zones = await db.deliveryZone.findMany({
    where: { companyId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
  return zones.map(zoneView);
}
