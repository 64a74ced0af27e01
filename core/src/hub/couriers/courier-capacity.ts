import type { Prisma } from "@prisma/client";

/**
 * Takes one of the courier's slots for the day, or nothing when the day is full. A single
 * conditional upsert: concurrent orders queue on the row lock and each re-checks the count it
 * finds, so the load never passes the capacity however many hub replicas assign at once.
 */
export async function claimCourierSlot(tx: Prisma.TransactionClient, courierId: string, day: Date): Promise<boolean> {
  const rows = await tx.$queryRaw<Array<{ count: number }>>`
    INSERT INTO "CourierDayLoad" ("courierId", day, count)
    SELECT c.id, ${day}::date, 1 FROM "Courier" c WHERE c.id = ${courierId}::uuid AND c."capacityPerDay" >= 1
    ON CONFLICT ("courierId", day) DO UPDATE SET count = "CourierDayLoad".count + 1
      WHERE "CourierDayLoad".count < (SELECT "capacityPerDay" FROM "Courier" WHERE id = ${courierId}::uuid)
    RETURNING count`;
  return rows.length > 0;
}

export async function releaseCourierSlot(tx: Prisma.TransactionClient, courierId: string, day: Date): Promise<void> {
  await tx.$executeRaw`
    UPDATE "CourierDayLoad" SET count = GREATEST(count - 1, 0) WHERE "courierId" = ${courierId}::uuid AND day = ${day}::date`;
}

/** Each courier's load on one day (absent = 0). */
export async function courierLoads(
  tx: Prisma.TransactionClient,
  courierIds: readonly string[],
  day: Date,
): Promise<Map<string, number>> {
  if (courierIds.length === 0) return new Map();
  const rows = await tx.courierDayLoad.findMany({
    where: { courierId: { in: [...courierIds] }, day },
    select: { courierId: true, count: true },
  });
  return new Map(rows.map((r) => [r.courierId, r.count]));
}
