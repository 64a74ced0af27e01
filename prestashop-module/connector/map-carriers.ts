import type { PsCarrier } from "./resources.js";

export type DeliveryMode = "own_courier" | "carrier" | "pickup";

export interface CarrierMethod {
  /** The carrier's name as the shop's orders carry it: what the hub's shipping method is keyed on. */
  method: string;
  mode: DeliveryMode;
  carrier?: string;
}

const PICKUP = /retiro|retirar|recoger|click\s*(and|&|y)\s*collect|pick\s*-?\s*up|en tienda/i;

/**
 * The shop's live carriers as the hub's shipping methods, for those the merchant has not mapped
 * yet: pickups by name ("Retiro en tienda", "Click and collect"), every other carrier as an external
 * carrier under its own name (its tracking number is entered when it ships). The merchant changes
 * a mode in Timbre (own couriers); a mapping that exists is never overwritten.
 */
export function carrierMethods(carriers: readonly PsCarrier[], mapped: ReadonlySet<string>): CarrierMethod[] {
  const seen = new Set<string>();
  const out: CarrierMethod[] = [];
  for (const c of carriers) {
    const name = c.name.replace(/\s+/g, " ").trim().slice(0, 120);
    if (!c.active || c.deleted || !name || seen.has(name.toLowerCase()) || mapped.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(
      PICKUP.test(name)
        ? { method: name, mode: "pickup" }
        : { method: name, mode: "carrier", carrier: name.slice(0, 60) },
    );
  }
  return out;
}
