import type { Prisma } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import { recordAudit } from "../audit/record-audit.js";

/** Deletes a zone; deliveries already priced in it keep their fee and commission. */
export async function removeZone(
  tx: Prisma.TransactionClient,
  companyId: string,
  name: string,
  actor: string,
): Promise<void> {
  const zone = await tx.deliveryZone.findUnique({
    where: { companyId_name: { companyId, name } },
    select: { id: true },
  });
  if (!zone)
    throw new TimbreError(
      "not_found",
      { es: `No existe la zona "${name}".`, en: `No zone named "${name}".` },
      { kind: "not_found" },
    );
  await tx.deliveryZone.delete({ where: { id: zone.id } });
  await recordAudit(tx, {
    companyId,
    subjectType: "delivery_zone",
    subjectId: zone.id,
    action: "courier.zone_removed",
    actor,
    data: { name },
  });
}
