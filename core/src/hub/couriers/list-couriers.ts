import type { Prisma } from "@prisma/client";
import { courierView, withZoneNames, type CourierView } from "./courier-view.js";

export async function listCouriers(db: Prisma.TransactionClient, companyId: string): Promise<CourierView[]> {
  const rows = await db.courier.findMany({
    where: { companyId },
    orderBy: [{ active: "desc" }, { name: "asc" }],
    include: withZoneNames,
  });
  return rows.map(courierView);
}
