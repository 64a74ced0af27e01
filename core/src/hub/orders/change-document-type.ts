import type { Prisma } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { enqueue } from "../jobs/job-queue.js";
import { lockStoreOrder, parseFacturaData, type FacturaData } from "./factura-data.js";
import { PROCESS_ORDER_JOB } from "./ingest-order.js";

export type DocumentTypeChange = { document: "boleta" } | ({ document: "factura" } & FacturaData);

/**
 * The merchant (or, after paying, the buyer) chooses boleta or factura for an order not issued
 * yet. A factura's RUT is validated here, on the server, whatever the storefront checked. Once a
 * sale document exists this refuses: correcting it takes a nota de crédito.
 */
export async function changeDocumentType(
  db: Db,
  store: { id: string; companyId: string },
  externalId: string,
  change: DocumentTypeChange,
  actor: string,
): Promise<{ orderId: string; document: "boleta" | "factura" }> {
  const fiscal = change.document === "factura" ? parseFacturaData(change) : null;
  return db.$transaction(async (tx) => {
    const id = await lockStoreOrder(tx, store.id, externalId);
    const order = await tx.order.findUniqueOrThrow({
      where: { id },
      include: { documents: { where: { kind: "sale" } } },
    });
    if (order.documents.length > 0) {
      const d = order.documents[0]!;
      throw new TimbreError(
        "document.already_issued",
        {
          es: `El pedido ya tiene su documento (tipo ${d.type}, folio ${d.folio}). Para cambiarlo, emita una nota de crédito.`,
          en: `The order already has its document (type ${d.type}, folio ${d.folio}). To change it, issue a credit note.`,
        },
        { kind: "conflict" },
      );
    }
    const buyer = { ...((order.buyer ?? {}) as Record<string, unknown>), document: change.document, ...(fiscal ?? {}) };
    await tx.order.update({
      where: { id },
      data: { documentOverride: change.document, buyer: buyer as Prisma.InputJsonObject },
    });
    await recordAudit(tx, {
      companyId: store.companyId,
      storeId: store.id,
      subjectType: "order",
      subjectId: id,
      action: "order.document_type_changed",
      actor,
      data: { document: change.document, ...(fiscal ? { rut: fiscal.rut } : {}) },
    });
    await enqueue(tx, { kind: PROCESS_ORDER_JOB, payload: { orderId: id }, dedupeKey: `${PROCESS_ORDER_JOB}:${id}` });
    return { orderId: id, document: change.document };
  });
}
