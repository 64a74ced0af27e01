import type { Prisma } from "@prisma/client";
import { comunaByCode } from "../../rules/couriers/comuna-lookup.js";
import { serviceDay } from "../../rules/couriers/service-day.js";
import { summarizeSettlement, type CourierSettlement, type SettlementLine } from "../../rules/couriers/settlement.js";

export interface SettlementReport {
  from: string;
  to: string;
  lines: SettlementLine[];
  couriers: CourierSettlement[];
}

const DAY_MS = 24 * 3600_000;

/**
 * What each courier delivered between two Chilean days (both included), with the fee and the
 * commission recorded when each delivery was priced.
 */
export async function settlementReport(
  db: Prisma.TransactionClient,
  companyId: string,
  period: { from: string; to: string; courierId?: string | undefined },
): Promise<SettlementReport> {
  // Chile is UTC−3 or −4: a day either side catches every instant of the period; the exact cut is by Chilean day.
  const rows = await db.delivery.findMany({
    where: {
      companyId,
      state: "delivered",
      courierId: period.courierId ?? { not: null },
      deliveredAt: {
        gte: new Date(Date.parse(`${period.from}T00:00:00Z`) - DAY_MS),
        lt: new Date(Date.parse(`${period.to}T00:00:00Z`) + 2 * DAY_MS),
      },
    },
    include: {
      courier: { select: { id: true, name: true } },
      zone: { select: { name: true } },
      order: { select: { number: true, externalId: true } },
    },
    orderBy: { deliveredAt: "asc" },
  });
  const lines: SettlementLine[] = rows
    .filter((r) => {
      const day = serviceDay(r.deliveredAt!);
      return day >= period.from && day <= period.to;
    })
    .map((r) => ({
      courierId: r.courier!.id,
      courierName: r.courier!.name,
      deliveryCode: r.code,
      orderNumber: r.order.number ?? r.order.externalId,
      deliveredAt: r.deliveredAt!,
      comuna: (r.comunaCode && comunaByCode(r.comunaCode)?.name) || "",
      zone: r.zone?.name ?? "",
      fee: r.fee,
      commission: r.commission,
    }));
  return { from: period.from, to: period.to, lines, couriers: summarizeSettlement(lines) };
}
