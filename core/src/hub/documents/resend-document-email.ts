import { TimbreError } from "../../errors.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { enqueue } from "../jobs/job-queue.js";
import { EMAIL_JOB } from "./poll-envelope.js";

/** Sends a document's PDF and XML to the buyer again (the e-mail job sends once, so it is reset). */
export async function resendDocumentEmail(db: Db, storeId: string, documentId: string, actor: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const doc = await tx.document.findUnique({ where: { id: documentId } });
    if (!doc || doc.storeId !== storeId) {
      throw new TimbreError(
        "not_found",
        { es: "No existe ese documento en esta tienda.", en: "No such document in this store." },
        { kind: "not_found" },
      );
    }
    if (doc.state === "rejected") {
      throw new TimbreError(
        "document.rejected",
        {
          es: "El SII rechazó el documento: no se envía al comprador.",
          en: "The SII rejected the document: it is not sent to the buyer.",
        },
        { kind: "conflict" },
      );
    }
    await tx.document.update({ where: { id: doc.id }, data: { emailedAt: null } });
    await enqueue(tx, { kind: EMAIL_JOB, payload: { documentId: doc.id }, dedupeKey: `${EMAIL_JOB}:${doc.id}` });
    await recordAudit(tx, {
      companyId: doc.companyId,
      storeId,
      subjectType: doc.orderId ? "order" : "document",
      subjectId: doc.orderId ?? doc.id,
      action: "document.email_resend_requested",
      actor,
      data: { documentId: doc.id, type: doc.type, folio: doc.folio },
    });
  });
}
