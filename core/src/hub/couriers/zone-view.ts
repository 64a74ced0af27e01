import type { DeliveryZone } from "@prisma/client";
import { comunaByCode, regionByCodeOf } from "../../rules/couriers/comuna-lookup.js";
import {
  CommissionSchema,
  ShippingRateSchema,
  type Commission,
  type ShippingRate,
} from "../../rules/couriers/rates.js";
import type { ZoneDefinition } from "../../rules/couriers/zones.js";
import { TimbreError } from "../../errors.js";

export interface ZoneView {
  id: string;
  name: string;
  regions: Array<{ code: string; name: string }>;
  comunas: Array<{ code: string; name: string }>;
  postalPrefixes: string[];
  rate: ShippingRate;
  commission: Commission;
  position: number;
  active: boolean;
}

/** A stored zone's rate and commission, checked: rows are only written through ZoneInputSchema. */
export function zoneTerms(z: Pick<DeliveryZone, "id" | "rate" | "commission">): {
  rate: ShippingRate;
  commission: Commission;
} {
  const rate = ShippingRateSchema.safeParse(z.rate);
  const commission = CommissionSchema.safeParse(z.commission);
  if (!rate.success || !commission.success) {
    throw new TimbreError(
      "courier.zone_corrupt",
      { es: "La tarifa guardada de la zona es inválida.", en: "The zone's stored rate is invalid." },
      { kind: "internal", detail: z.id },
    );
  }
  return { rate: rate.data, commission: commission.data };
}

export function zoneDefinition(z: Pick<DeliveryZone, "id" | "regions" | "comunas" | "postalPrefixes">): ZoneDefinition {
  return { id: z.id, regions: z.regions, comunas: z.comunas, postalPrefixes: z.postalPrefixes };
}

export function zoneView(z: DeliveryZone): ZoneView {
  return {
    id: z.id,
    name: z.name,
    regions: z.regions.map((code) => ({ code, name: regionByCodeOf(code)?.name ?? code })),
    comunas: z.comunas.map((code) => ({ code, name: comunaByCode(code)?.name ?? code })),
    postalPrefixes: z.postalPrefixes,
    ...zoneTerms(z),
    position: z.position,
    active: z.active,
  };
}
