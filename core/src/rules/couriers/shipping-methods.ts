import { normalizePlaceName } from "./comuna-lookup.js";
import type { DeliveryMode } from "./delivery-state.js";

export interface ShippingMethodMapping {
  /** The store's method name as the order carries it, or "*" for every method not listed. */
  method: string;
  mode: DeliveryMode;
  /** For an external carrier: its name as written back to the store (e.g. "starken"). */
  carrier?: string | null | undefined;
}

/**
 * How an order with this shipping method is delivered. Names compare without case, accents or
 * punctuation ("Despacho a domicilio" = "despacho a domicilio"); "*" is the store's fallback.
 * Undefined means unmapped: the delivery waits for the merchant instead of guessing.
 */
export function deliveryModeFor(
  mappings: readonly ShippingMethodMapping[],
  method: string | undefined,
): ShippingMethodMapping | undefined {
  const key = method === undefined ? undefined : normalizePlaceName(method);
  return (
    (key === undefined ? undefined : mappings.find((m) => m.method !== "*" && normalizePlaceName(m.method) === key)) ??
    mappings.find((m) => m.method === "*")
  );
}
