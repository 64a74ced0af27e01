import type { Comuna } from "./comunas.js";
import { findComuna } from "./comuna-lookup.js";
import type { DeliveryMode } from "./delivery-state.js";
import { deliveryModeFor, type ShippingMethodMapping } from "./shipping-methods.js";
import { matchZone, type ZoneDefinition } from "./zones.js";

export type PendingCode = "unmapped_method" | "unknown_comuna" | "no_zone" | "no_courier" | "capacity_full";

/** Why a delivery has no courier yet, and what the merchant can do about it. */
export interface DeliveryPendingReason {
  code: PendingCode;
  message: string;
  action: string;
}

export interface PlanInput {
  shippingMethod: string | undefined;
  mappings: readonly ShippingMethodMapping[];
  comuna: string;
  postalCode?: string | undefined;
  /** In the merchant's order: the first one wins a tie. */
  zones: readonly ZoneDefinition[];
}

export type Plan =
  | { ok: true; mode: DeliveryMode; carrier: string | null; comuna: Comuna | undefined; zoneId: string | null }
  | {
      ok: false;
      mode: DeliveryMode | null;
      carrier: string | null;
      comuna: Comuna | undefined;
      reason: DeliveryPendingReason;
    };

/**
 * The first half of automatic assignment, all of it decidable without the database: how the order
 * ships (by the store's method mapping), in which comuna, and in which zone. Courier choice follows.
 */
export function planDelivery(i: PlanInput): Plan {
  const comuna = findComuna(i.comuna);
  const mapping = deliveryModeFor(i.mappings, i.shippingMethod);
  if (!mapping) {
    return {
      ok: false,
      mode: null,
      carrier: null,
      comuna,
      reason: {
        code: "unmapped_method",
        message: `El método de envío "${i.shippingMethod ?? "(sin método)"}" no está asociado a un modo de entrega.`,
        action: "Asocie el método a reparto propio, transportista o retiro en tienda.",
      },
    };
  }
  const carrier = mapping.carrier ?? null;
  if (mapping.mode !== "own_courier") return { ok: true, mode: mapping.mode, carrier, comuna, zoneId: null };
  if (!comuna) {
    return {
      ok: false,
      mode: mapping.mode,
      carrier,
      comuna,
      reason: {
        code: "unknown_comuna",
        message: `No se reconoce la comuna "${i.comuna}".`,
        action: "Corrija la comuna de la dirección de despacho.",
      },
    };
  }
  const zone = matchZone(i.zones, { comunaCode: comuna.code, postalCode: i.postalCode });
  if (!zone) {
    return {
      ok: false,
      mode: mapping.mode,
      carrier,
      comuna,
      reason: {
        code: "no_zone",
        message: `${comuna.name} no está en ninguna zona de reparto.`,
        action: "Agregue la comuna a una zona o despache con un transportista.",
      },
    };
  }
  return { ok: true, mode: mapping.mode, carrier, comuna, zoneId: zone.zoneId };
}

export const COURIER_PENDING_ACTIONS: Record<"no_courier" | "capacity_full", string> = {
  no_courier: "Active un repartidor para la zona o asígnelo a mano.",
  capacity_full: "Aumente el cupo diario, agregue un repartidor o asigne la entrega a mano.",
};
