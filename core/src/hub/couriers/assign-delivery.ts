import { Prisma } from "@prisma/client";
import { rankCouriers } from "../../rules/couriers/assignment.js";
import { COURIER_PENDING_ACTIONS, type DeliveryPendingReason } from "../../rules/couriers/delivery-plan.js";
import { transition } from "../../rules/couriers/delivery-state.js";
import { TimbreError } from "../../errors.js";
import { getCourierSettings } from "./courier-settings.js";
import { claimCourierSlot, courierLoads, releaseCourierSlot } from "./courier-capacity.js";
import { deliveryChanged } from "./delivery-events.js";
import type { DeliveryRow } from "./delivery-view.js";

export type AssignOutcome = { assigned: true; courierId: string } | { assigned: false; reason: DeliveryPendingReason };

async function markAssigned(
  tx: Prisma.TransactionClient,
  d: DeliveryRow,
  courierId: string,
  day: Date,
  actor: string,
): Promise<void> {
  const now = new Date();
  if (d.courierId && d.state === "assigned") await releaseCourierSlot(tx, d.courierId, d.serviceDay);
  await tx.delivery.update({
    where: { id: d.id },
    data: {
      courierId,
      state: "assigned",
      serviceDay: day,
      assignedAt: now,
      pendingReason: Prisma.DbNull,
      failureReason: null,
      attempts: { increment: 1 },
    },
  });
  await tx.courier.update({ where: { id: courierId }, data: { lastAssignedAt: now } });
  await deliveryChanged(tx, d, "assigned", actor, { courierId, serviceDay: day.toISOString().slice(0, 10) });
}

async function markPending(
  tx: Prisma.TransactionClient,
  d: DeliveryRow,
  reason: DeliveryPendingReason,
  actor: string,
): Promise<void> {
  await tx.delivery.update({ where: { id: d.id }, data: { pendingReason: { ...reason } } });
  await deliveryChanged(tx, d, "pending", actor, { ...reason });
}

/**
 * Gives an own-courier delivery to the best eligible courier of its zone with room on `day`, by the
 * merchant's rule; or leaves it pending with the reason. Call inside the delivery's transaction,
 * with the delivery locked.
 */
export async function autoAssign(
  tx: Prisma.TransactionClient,
  d: DeliveryRow,
  day: Date,
  actor: string,
): Promise<AssignOutcome> {
  if (d.mode !== "own_courier" || !d.zoneId) throw new Error("autoAssign needs an own-courier delivery with a zone");
  const settings = await getCourierSettings(tx, d.companyId);
  const couriers = await tx.courier.findMany({
    where: { companyId: d.companyId, zones: { some: { zoneId: d.zoneId } } },
    select: { id: true, active: true, capacityPerDay: true, priority: true, lastAssignedAt: true },
  });
  const loads = await courierLoads(
    tx,
    couriers.map((c) => c.id),
    day,
  );
  const ranked = rankCouriers(
    couriers.map((c) => ({ ...c, zoneIds: [d.zoneId!], load: loads.get(c.id) ?? 0 })),
    d.zoneId,
    settings.assignmentRule,
  );
  let reason: DeliveryPendingReason;
  if (ranked.ok) {
    for (const courierId of ranked.courierIds) {
      if (await claimCourierSlot(tx, courierId, day)) {
        await markAssigned(tx, d, courierId, day, actor);
        return { assigned: true, courierId };
      }
    }
    // Everyone with room in our snapshot filled up before we got there.
    reason = {
      code: "capacity_full",
      message: "Los repartidores de la zona no tienen cupo ese día.",
      action: COURIER_PENDING_ACTIONS.capacity_full,
    };
  } else {
    reason = { code: ranked.code, message: ranked.message, action: COURIER_PENDING_ACTIONS[ranked.code] };
  }
  await markPending(tx, d, reason, actor);
  return { assigned: false, reason };
}

/** The merchant's choice of courier; still never beyond the courier's capacity for the day. */
export async function assignTo(
  tx: Prisma.TransactionClient,
  d: DeliveryRow,
  courierId: string,
  day: Date,
  actor: string,
): Promise<void> {
  const t = transition(d.mode, d.state, "assign");
  if (!t.ok)
    throw new TimbreError(
      "delivery.invalid_transition",
      { es: t.message, en: "The delivery cannot be assigned in its current state." },
      { kind: "conflict" },
    );
  const courier = await tx.courier.findFirst({
    where: { id: courierId, companyId: d.companyId },
    select: { id: true, active: true, name: true },
  });
  if (!courier)
    throw new TimbreError(
      "not_found",
      { es: "No existe ese repartidor.", en: "No such courier." },
      { kind: "not_found" },
    );
  if (!courier.active)
    throw new TimbreError(
      "courier.inactive",
      { es: `${courier.name} está inactivo.`, en: `${courier.name} is inactive.` },
      { kind: "conflict" },
    );
  const sameSlot = d.courierId === courierId && d.state === "assigned" && d.serviceDay.getTime() === day.getTime();
  if (sameSlot) return;
  if (!(await claimCourierSlot(tx, courierId, day))) {
    throw new TimbreError(
      "courier.capacity_full",
      { es: `${courier.name} no tiene cupo ese día.`, en: `${courier.name} has no capacity left that day.` },
      { kind: "conflict" },
    );
  }
  await markAssigned(tx, d, courierId, day, actor);
}
