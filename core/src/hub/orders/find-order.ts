import type { Document, Order } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import type { Db } from "../db/prisma-client.js";

/** A store's order by its platform id, with its documents oldest first; 404 when not this store's. */
export async function findStoreOrder(
  db: Db,
  storeId: string,
  externalId: string,
): Promise<Order & { documents: Document[]; customer: { code: string; isGuest: boolean } | null }> {
  const order = await db.order.findUnique({
    where: { storeId_externalId: { storeId, externalId } },
    include: { documents: { orderBy: { createdAt: "asc" } }, customer: { select: { code: true, isGuest: true } } },
  });
  if (!order) {
    throw new TimbreError(
      "not_found",
      { es: `La tienda no tiene el pedido ${externalId}.`, en: `This store has no order ${externalId}.` },
      { kind: "not_found" },
    );
  }
  return order;
}

/** The audit log of an order, oldest first. */
export function storeOrderAudit(db: Db, orderId: string) {
  return db.auditEvent.findMany({ where: { subjectType: "order", subjectId: orderId }, orderBy: { id: "asc" } });
}
