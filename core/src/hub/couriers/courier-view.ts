import type { Courier, DeliveryZone } from "@prisma/client";

export interface CourierView {
  id: string;
  name: string;
  phone: string;
  active: boolean;
  capacityPerDay: number;
  priority: number;
  zones: string[];
  hasPin: boolean;
}

export type CourierWithZones = Courier & { zones: Array<{ zone: Pick<DeliveryZone, "name"> }> };

export const withZoneNames = { zones: { select: { zone: { select: { name: true } } } } } as const;

export function courierView(c: CourierWithZones): CourierView {
  return {
    id: c.id,
    name: c.name,
    phone: c.phone,
    active: c.active,
    capacityPerDay: c.capacityPerDay,
    priority: c.priority,
    zones: c.zones.map((z) => z.zone.name).sort((a, b) => a.localeCompare(b, "es")),
    hasPin: c.pinHash !== null,
  };
}
