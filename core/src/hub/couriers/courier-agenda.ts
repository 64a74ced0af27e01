import type { Prisma } from "@prisma/client";
import { serviceDay } from "../../rules/couriers/service-day.js";
import { dayDate } from "./create-delivery.js";
import { deliveryInclude, deliveryView, type DeliveryView } from "./delivery-view.js";

/** One delivery as the courier's phone shows it: no fees, no other couriers. */
export interface AgendaItem {
  id: string;
  code: string;
  orderNumber: string;
  state: DeliveryView["state"];
  stateLabel: string;
  serviceDay: string;
  recipient: DeliveryView["recipient"];
  comuna: string;
  address: string;
  mapUrl: string;
  requirements: DeliveryView["requirements"];
  deliveredAt: string | null;
  failureReason: string | null;
}

function agendaItem(v: DeliveryView): AgendaItem {
  const comuna = v.comuna?.name ?? v.recipient.comuna;
  const address = [v.recipient.line1, v.recipient.line2].filter(Boolean).join(", ");
  return {
    id: v.id,
    code: v.code,
    orderNumber: v.order.number ?? v.order.externalId,
    state: v.state,
    stateLabel: v.stateLabel,
    serviceDay: v.serviceDay,
    recipient: v.recipient,
    comuna,
    address,
    mapUrl: `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(`${v.recipient.line1}, ${comuna}, Chile`)}`,
    requirements: v.requirements,
    deliveredAt: v.deliveredAt,
    failureReason: v.failureReason,
  };
}

/**
 * The courier's day: what is assigned or on its way (including days past not closed yet), then
 * what was delivered or failed that day.
 */
export async function courierAgenda(
  db: Prisma.TransactionClient,
  courierId: string,
  now = new Date(),
): Promise<{ day: string; items: AgendaItem[] }> {
  const day = serviceDay(now);
  const rows = await db.delivery.findMany({
    where: {
      courierId,
      OR: [
        { state: { in: ["assigned", "picked_up"] }, serviceDay: { lte: dayDate(day) } },
        { state: { in: ["delivered", "failed"] }, serviceDay: dayDate(day) },
      ],
    },
    include: deliveryInclude,
    orderBy: [{ serviceDay: "asc" }, { assignedAt: "asc" }],
  });
  const open = (s: string) => (s === "picked_up" ? 0 : s === "assigned" ? 1 : 2);
  const items = rows.map((r) => agendaItem(deliveryView(r))).sort((a, b) => open(a.state) - open(b.state));
  return { day, items };
}
