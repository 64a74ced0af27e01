import type { PlatformAddress } from "@timbre/core/platforms";
import type { MeliShipment } from "./meli-schemas.js";

/** Shipping the seller does (and Timbre's couriers can take): ME1 and custom shipping. */
const SELLER_SHIPS: Record<string, string> = { me1: "Mercado Envíos 1", custom: "Envío propio (Mercado Libre)" };

/**
 * Where a sale the seller ships goes: the shipment's `receiver_address` (ML's city is the comuna in
 * Chile). Mercado Envíos 2 (including Flex and Full) is ML's own logistics: no delivery of ours.
 */
export function deliveryAddress(shipment: MeliShipment | undefined): PlatformAddress | undefined {
  const mode = shipment?.mode ?? shipment?.logistic?.mode ?? "";
  const method = SELLER_SHIPS[mode];
  const a = shipment?.receiver_address;
  if (!method || !a) return undefined;
  const street = [a.street_name, a.street_number == null ? undefined : String(a.street_number)]
    .filter((s) => s && s.trim())
    .join(" ");
  return {
    name: a.receiver_name,
    line1: a.address_line?.trim() || street || undefined,
    line2: a.comment,
    comuna: a.city?.name ?? a.neighborhood?.name,
    region: a.state?.name,
    postalCode: a.zip_code,
    phone: a.receiver_phone,
    shippingMethod: method,
  };
}
