import type { Prisma } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import { deliveryInclude, type DeliveryRow } from "./delivery-view.js";

export function deliveryNotFound(): TimbreError {
  return new TimbreError("not_found", { es: "No existe esa entrega.", en: "No such delivery." }, { kind: "not_found" });
}

/**
 * A delivery of the company, locked for the rest of the transaction so two taps (or two replicas)
 * on the same delivery take turns.
 */
export async function lockDelivery(
  tx: Prisma.TransactionClient,
  companyId: string,
  deliveryId: string,
): Promise<DeliveryRow> {
  if (!/^[0-9a-f-]{36}$/i.test(deliveryId)) throw deliveryNotFound();
  await tx.$queryRaw`SELECT id FROM "Delivery" WHERE id = ${deliveryId}::uuid FOR UPDATE`;
  const d = await tx.delivery.findFirst({ where: { id: deliveryId, companyId }, include: deliveryInclude });
  if (!d) throw deliveryNotFound();
  return d;
}

/** By id, or by the code people read out ("TMB-7K3F9Q"). */
export async function findDelivery(
  db: Prisma.TransactionClient,
  companyId: string,
  idOrCode: string,
): Promise<DeliveryRow> {
  const where = /^TMB-/i.test(idOrCode)
    ? { code: idOrCode.toUpperCase(), companyId }
    : /^[0-9a-f-]{36}$/i.test(idOrCode)
      ? { id: idOrCode, companyId }
      : undefined;
  const d = where && (await db.delivery.findFirst({ where, include: deliveryInclude }));
  if (!d) throw deliveryNotFound();
  return d;
}
