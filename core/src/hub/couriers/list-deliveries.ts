import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { DELIVERY_MODES, DELIVERY_STATES } from "../../rules/couriers/delivery-state.js";
import { isServiceDay } from "../../rules/couriers/service-day.js";
import { dayDate } from "./create-delivery.js";
import { deliveryInclude, deliveryView, type DeliveryView } from "./delivery-view.js";

export const DeliveryFilterSchema = z.object({
  state: z.enum(DELIVERY_STATES).optional(),
  mode: z.enum(DELIVERY_MODES).optional(),
  courierId: z.uuid().optional(),
  /** Service day, YYYY-MM-DD. */
  day: z.string().refine(isServiceDay, "YYYY-MM-DD").optional(),
  /** Only deliveries changed after this instant: how platform parts poll for what to write back. */
  updatedSince: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export type DeliveryFilter = z.output<typeof DeliveryFilterSchema>;

/** Oldest change first, so a poller can pass the last `updatedAt` it saw as the next `updatedSince`. */
export async function listDeliveries(
  db: Prisma.TransactionClient,
  scope: { companyId: string; storeId?: string | undefined },
  f: DeliveryFilter,
): Promise<Array<DeliveryView & { updatedAt: string }>> {
  const rows = await db.delivery.findMany({
    where: {
      companyId: scope.companyId,
      ...(scope.storeId ? { storeId: scope.storeId } : {}),
      ...(f.state ? { state: f.state } : {}),
      ...(f.mode ? { mode: f.mode } : {}),
      ...(f.courierId ? { courierId: f.courierId } : {}),
      ...(f.day ? { serviceDay: dayDate(f.day) } : {}),
      ...(f.updatedSince ? { updatedAt: { gt: new Date(f.updatedSince) } } : {}),
    },
    include: deliveryInclude,
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take: f.limit,
  });
  return rows.map((r) => ({ ...deliveryView(r), updatedAt: r.updatedAt.toISOString() }));
}
