import type { Document, DocumentState, Prisma } from "@prisma/client";
import { recordDocumentAudits } from "../audit/record-audit.js";
import type { Tx } from "../db/run-transaction.js";
import { enqueueMany } from "../jobs/job-queue.js";
import { recordFolioVoids } from "./record-folio-void.js";
import { writeBackJob } from "./write-back-document.js";

export const EMAIL_JOB = "document.email";

export interface Verdict {
  state: DocumentState;
  result: Prisma.InputJsonObject;
}

/**
 * The SII's final word on each document: stored, audited, e-mailed to the buyer when accepted,
 * told to the store; a rejection becomes a problem on the order and its folio is set aside for
 * annulment. Run inside the transaction that closes the envelope. Set-based (one update per
 * distinct verdict, in id order), so two envelopes' verdicts never deadlock on each other's rows.
 */
export async function recordVerdicts(
  tx: Tx,
  docs: readonly Document[],
  byDoc: ReadonlyMap<string, Verdict>,
): Promise<void> {
  const decided = docs
    .filter((d) => byDoc.has(d.id))
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((d) => ({ d, v: byDoc.get(d.id)! }));
  if (decided.length === 0) return;
  const groups = new Map<string, { v: Verdict; docs: Document[] }>();
  for (const { d, v } of decided) {
    const key = JSON.stringify([v.state, v.result]);
    const g = groups.get(key) ?? { v, docs: [] };
    g.docs.push(d);
    groups.set(key, g);
  }
  for (const { v, docs: group } of groups.values()) {
    await tx.document.updateMany({
      where: { id: { in: group.map((d) => d.id) } },
      data: { state: v.state, siiResult: v.result },
    });
    await recordDocumentAudits(tx, group, v.state === "rejected" ? "document.rejected" : "document.accepted", "sii", {
      state: v.state,
      sii: v.result,
    });
  }
  const rejected = decided.filter((x) => x.v.state === "rejected");
  for (const { d, v } of rejected) {
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
  }
  await enqueueMany(tx, [
    ...decided
      .filter((x) => x.v.state !== "rejected")
      .map(({ d }) => ({ kind: EMAIL_JOB, payload: { documentId: d.id }, dedupeKey: `${EMAIL_JOB}:${d.id}` })),
    ...decided.filter(({ d }) => d.storeId && d.orderId).map(({ d }) => writeBackJob(d.id)),
  ]);
}
