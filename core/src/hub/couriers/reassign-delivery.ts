import { isServiceDay, serviceDay } from "../../rules/couriers/service-day.js";
import { TimbreError } from "../../errors.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction } from "../db/run-transaction.js";
import { assignTo, autoAssign } from "./assign-delivery.js";
import { dayDate } from "./create-delivery.js";
import { lockDelivery } from "./find-delivery.js";
import { deliveryInclude, deliveryView, type DeliveryView } from "./delivery-view.js";
import { invalidTransition } from "./delivery-errors.js";

/**
 * Assigns a pending or failed delivery again: to the courier given, or by the merchant's rule.
 * `day` moves it to another service day (a failed delivery is usually retried the next day).
 */
export async function reassignDelivery(
  db: Db,
  companyId: string,
  deliveryId: string,
  input: { courierId?: string | undefined; day?: string | undefined },
  actor: string,
): Promise<DeliveryView> {
  if (input.day !== undefined && !isServiceDay(input.day)) {
    throw new TimbreError(
      "invalid_input",
      { es: "Fecha inválida (AAAA-MM-DD).", en: "Invalid date (YYYY-MM-DD)." },
      { fields: [{ field: "day", message: "YYYY-MM-DD" }] },
    );
  }
  return runTransaction(db, async (tx) => {
    const d = await lockDelivery(tx, companyId, deliveryId);
    if (d.mode !== "own_courier")
      throw invalidTransition("Solo las entregas con reparto propio se asignan a un repartidor.");
    const day = dayDate(input.day ?? serviceDay(new Date()));
    if (input.courierId) await assignTo(tx, d, input.courierId, day, actor);
    else {
      if (!["pending", "failed"].includes(d.state))
        throw invalidTransition(
          `La entrega ya está ${deliveryView(d).stateLabel}; indique el repartidor para cambiarlo.`,
        );
      if (!d.zoneId) throw invalidTransition("La entrega no tiene zona: indique el repartidor.");
      await autoAssign(tx, d, day, actor);
    }
    return deliveryView(await tx.delivery.findUniqueOrThrow({ where: { id: d.id }, include: deliveryInclude }));
  });
}

/**
 * Tries again every own-courier delivery left pending for want of a courier or of room (a courier
 * was added, a capacity raised, a new day began). Returns how many found a courier.
 */
export async function assignPendingDeliveries(db: Db, actor: string, now = new Date()): Promise<number> {
  const pending = await db.delivery.findMany({
    where: { mode: "own_courier", state: "pending", zoneId: { not: null } },
    select: { id: true, companyId: true, serviceDay: true },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  const today = dayDate(serviceDay(now));
  let assigned = 0;
  for (const p of pending) {
    const outcome = await runTransaction(db, async (tx) => {
      const d = await lockDelivery(tx, p.companyId, p.id);
      if (d.state !== "pending" || !d.zoneId) return false;
      const day = d.serviceDay < today ? today : d.serviceDay;
      return (await autoAssign(tx, d, day, actor)).assigned;
    });
    if (outcome) assigned += 1;
  }
  return assigned;
}
