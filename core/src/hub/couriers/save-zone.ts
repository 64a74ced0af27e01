import type { Prisma } from "@prisma/client";
import type { ZoneInput } from "../../rules/couriers/zone-input.js";
import { recordAudit } from "../audit/record-audit.js";
import { zoneView, type ZoneView } from "./zone-view.js";

/** Creates the zone, or replaces the one of the same name (its couriers stay assigned to it). */
export async function saveZone(
  tx: Prisma.TransactionClient,
  companyId: string,
  input: ZoneInput,
  actor: string,
): Promise<{ zone: ZoneView; created: boolean }> {
  const data = {
    regions: input.regions,
    comunas: input.comunas,
    postalPrefixes: input.postalPrefixes,
    rate: input.rate,
    commission: input.commission,
    position: input.position,
    active: input.active,
  };
  const existing = await tx.deliveryZone.findUnique({
    where: { companyId_name: { companyId, name: input.name } },
    select: { id: true },
  });
  const zone = await tx.deliveryZone.upsert({
    where: { companyId_name: { companyId, name: input.name } },
    create: { companyId, name: input.name, ...data },
    update: data,
  });
  await recordAudit(tx, {
    companyId,
    subjectType: "delivery_zone",
    subjectId: zone.id,
    action: existing ? "courier.zone_updated" : "courier.zone_created",
    actor,
    data: { name: input.name, ...data },
  });
  return { zone: zoneView(zone), created: !existing };
}
