export const ASSIGNMENT_RULES = ["round_robin", "least_loaded", "priority"] as const;
export type AssignmentRule = (typeof ASSIGNMENT_RULES)[number];

export interface CourierCandidate {
  id: string;
  active: boolean;
  zoneIds: readonly string[];
  capacityPerDay: number;
  /** Deliveries already assigned to this courier for the service day. */
  load: number;
  /** Lower goes first under the "priority" rule. */
  priority: number;
  lastAssignedAt: Date | null;
}

export type RankResult =
  { ok: true; courierIds: string[] } | { ok: false; code: "no_courier" | "capacity_full"; message: string };

const time = (d: Date | null) => d?.getTime() ?? -Infinity;

/** Who waited longest since their last delivery goes first; a courier never assigned before, before all. */
const byRotation = (a: CourierCandidate, b: CourierCandidate) =>
  time(a.lastAssignedAt) - time(b.lastAssignedAt) || a.id.localeCompare(b.id);

const ORDER: Record<AssignmentRule, (a: CourierCandidate, b: CourierCandidate) => number> = {
  round_robin: byRotation,
  least_loaded: (a, b) => a.load - b.load || byRotation(a, b),
  priority: (a, b) => a.priority - b.priority || byRotation(a, b),
};

/**
 * The couriers who may take a delivery in `zoneId`, best first by the merchant's rule. The hub
 * claims capacity atomically in this order (the snapshot's loads may be stale under concurrent
 * orders): the ranking picks who to try, the database decides who still has room.
 */
export function rankCouriers(
  candidates: readonly CourierCandidate[],
  zoneId: string,
  rule: AssignmentRule,
): RankResult {
  const eligible = candidates.filter((c) => c.active && c.zoneIds.includes(zoneId));
  if (eligible.length === 0) {
    return { ok: false, code: "no_courier", message: "Ningún repartidor activo cubre la zona." };
  }
  const withRoom = eligible.filter((c) => c.load < c.capacityPerDay);
  if (withRoom.length === 0) {
    return { ok: false, code: "capacity_full", message: "Los repartidores de la zona no tienen cupo ese día." };
  }
  return { ok: true, courierIds: [...withRoom].sort(ORDER[rule]).map((c) => c.id) };
}
