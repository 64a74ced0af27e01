import type { Document, DocumentState, Prisma } from "@prisma/client";
import { recordDocumentAudit } from "../audit/record-audit.js";
import type { Tx } from "../db/run-transaction.js";
import { enqueue } from "../jobs/job-queue.js";
import { recordFolioVoids } from "./record-folio-void.js";
import { queueWriteBack } from "./write-back-document.js";

export const EMAIL_JOB = "document.email";

export interface Verdict {
  state: DocumentState;
  result: Prisma.InputJsonObject;
}

/**
 * The SII's final word on each document: stored, audited, e-mailed to the buyer when accepted,
 * told to the store; a rejection becomes a problem on the order and its folio is set aside for
 * annulment. Run inside the transaction that closes the envelope.
 */
export async function recordVerdicts(
  tx: Tx,
  docs: readonly Document[],
  byDoc: ReadonlyMap<string, Verdict>,
): Promise<void> {
  for (const d of docs) {
    const v = byDoc.get(d.id);
    if (!v) continue;
    await tx.document.update({ where: { id: d.id }, data: { state: v.state, siiResult: v.result } });
    await recordDocumentAudit(tx, d, v.state === "rejected" ? "document.rejected" : "document.accepted", "sii", {
      state: v.state,
      sii: v.result,
    });
    if (v.state === "rejected") {
      const reason = String(v.result.descripcion ?? v.result.estado);
      await recordFolioVoids(tx, [d], `Rechazado por el SII: ${reason}`);
      if (d.orderId) {
        const order = await tx.order.findUniqueOrThrow({ where: { id: d.orderId }, select: { pendingReasons: true } });
        const reasons = [
          ...(order.pendingReasons as Prisma.JsonArray),
          {
            code: "sii_rejected",
            message: `El SII rechazó el documento tipo ${d.type} folio ${d.folio}: ${reason}`,
            action: "Revise el motivo, corrija y emita de nuevo.",
          },
        ];
        await tx.order.update({ where: { id: d.orderId }, data: { pendingReasons: reasons } });
      }
    } else {
      await enqueue(tx, { kind: EMAIL_JOB, payload: { documentId: d.id }, dedupeKey: `${EMAIL_JOB}:${d.id}` });
    }
    if (d.storeId && d.orderId) await queueWriteBack(tx, d.id);
  }
}
