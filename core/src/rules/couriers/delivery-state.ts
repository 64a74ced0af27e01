export const DELIVERY_MODES = ["own_courier", "carrier", "pickup"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export const DELIVERY_STATES = ["pending", "assigned", "picked_up", "delivered", "failed"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export type DeliveryEvent = "assign" | "unassign" | "pick_up" | "deliver" | "fail";

/**
 * Which moves each delivery mode allows. Own couriers: assigned → picked up → delivered or failed;
 * a failed one may be assigned again, and "deliver" straight from assigned covers a courier whose
 * "start" tap never reached us. An external carrier's parcel is "picked up" when its tracking number
 * is known. A store pickup goes from pending to delivered when the buyer collects it.
 */
const MOVES: Record<
  DeliveryMode,
  Partial<Record<DeliveryEvent, { from: readonly DeliveryState[]; to: DeliveryState }>>
> = {
  own_courier: {
    assign: { from: ["pending", "assigned", "failed"], to: "assigned" },
    unassign: { from: ["assigned"], to: "pending" },
    pick_up: { from: ["assigned"], to: "picked_up" },
    deliver: { from: ["assigned", "picked_up"], to: "delivered" },
    fail: { from: ["assigned", "picked_up"], to: "failed" },
  },
  carrier: {
    pick_up: { from: ["pending", "picked_up"], to: "picked_up" },
    deliver: { from: ["picked_up"], to: "delivered" },
    fail: { from: ["picked_up"], to: "failed" },
  },
  pickup: {
    deliver: { from: ["pending"], to: "delivered" },
  },
};

export type Transition = { ok: true; to: DeliveryState } | { ok: false; message: string };

const STATE_ES: Record<DeliveryState, string> = {
  pending: "pendiente",
  assigned: "asignada",
  picked_up: "en camino",
  delivered: "entregada",
  failed: "fallida",
};

export function deliveryStateLabel(state: DeliveryState): string {
  return STATE_ES[state];
}

export function transition(mode: DeliveryMode, from: DeliveryState, event: DeliveryEvent): Transition {
  const move = MOVES[mode][event];
  if (!move) return { ok: false, message: `Una entrega de tipo ${mode} no admite "${event}".` };
  if (!move.from.includes(from))
    return { ok: false, message: `La entrega está ${STATE_ES[from]}: no admite "${event}".` };
  return { ok: true, to: move.to };
}

/** What the store is told: "shipped" once the parcel left, "completed" once it arrived; nothing otherwise. */
export function storeFulfillmentStatus(state: DeliveryState): "shipped" | "completed" | undefined {
  if (state === "picked_up") return "shipped";
  if (state === "delivered") return "completed";
  return undefined;
}
