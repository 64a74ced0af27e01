import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { TimbreError } from "../../errors.js";
import { normalizeRut } from "../../rules/rut.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { enqueue } from "../jobs/job-queue.js";
import { PROCESS_ORDER_JOB } from "./ingest-order.js";

const FacturaData = z.object({
  rut: z.string().trim().min(1).max(20),
  businessName: z.string().trim().min(1).max(100),
  activity: z.string().trim().min(1).max(40),
  // A factura also needs the receiver's address; kept from the order (billing address) when not given.
  address: z.string().trim().min(1).max(70).optional(),
  commune: z.string().trim().min(1).max(20).optional(),
});

export type DocumentTypeChange = { document: "boleta" } | ({ document: "factura" } & z.input<typeof FacturaData>);

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
  let fiscal: z.output<typeof FacturaData> | null = null;
  if (change.document === "factura") {
    const parsed = FacturaData.safeParse(change);
    if (!parsed.success) {
      throw new TimbreError(
        "factura.data_missing",
        {
          es: "Una factura necesita RUT, razón social y giro.",
          en: "An invoice needs RUT, company name and line of business.",
        },
        { fields: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })) },
      );
    }
    fiscal = { ...parsed.data, rut: normalizeRut(parsed.data.rut) };
  }
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM "Order" WHERE "storeId" = ${store.id}::uuid AND "externalId" = ${externalId} FOR UPDATE`;
    const id = rows[0]?.id;
    if (!id) {
      throw new TimbreError(
        "not_found",
        { es: `La tienda no tiene el pedido ${externalId}.`, en: `This store has no order ${externalId}.` },
        { kind: "not_found" },
      );
    }
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
