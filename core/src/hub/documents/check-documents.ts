import { z } from "zod";
import type { Document } from "@prisma/client";
import { recordDocumentAudit } from "../audit/record-audit.js";
import { enqueue } from "../jobs/job-queue.js";
import { PermanentFailure, type JobHandler } from "../jobs/worker.js";
import type { Tx } from "../db/run-transaction.js";
import { SEND_JOB, sendDedupeKey } from "./issue-document.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import { recordVerdicts, type Verdict } from "./record-verdicts.js";

/**
 * `sii.check`: the SII answered an upload with STATUS 99 ("the file had already been received"),
 * which means an earlier attempt of that very file got through but its answer, with the track id,
 * was lost. Without a track id each document is looked up on its own (QueryEstDte): found and
 * matching → accepted; found with other data → rejected; not found for long → it never arrived,
 * so it goes back to be sent again (its folio was never used at the SII).
 */
export const CHECK_JOB = "sii.check";

const Payload = z.object({ envelopeId: z.uuid() });

/** How long "not received" may be the SII still processing the first upload. */
const NOT_RECEIVED_GRACE_MS = 30 * 60_000;

export async function queueDocumentCheck(tx: Tx, envelopeId: string, runAt: Date): Promise<void> {
  await enqueue(tx, { kind: CHECK_JOB, payload: { envelopeId }, dedupeKey: `${CHECK_JOB}:${envelopeId}`, runAt });
}

export function checkDocumentsJob(deps: PipelineDeps): JobHandler {
  return async (payload, ctx) => {
    const parsed = Payload.safeParse(payload);
    if (!parsed.success) throw new PermanentFailure(`${CHECK_JOB} payload`);
    const { db } = deps;
    const envelope = await db.envelope.findUnique({
      where: { id: parsed.data.envelopeId },
      include: { documents: true, company: true },
    });
    if (!envelope || envelope.finalAt) return;
    const { cert } = await deps.material.certificate(envelope.companyId);
    const client = deps.siiClientFor(envelope.company, cert);
    const now = deps.now?.() ?? new Date();
    const verdicts = new Map<string, Verdict>();
    const missing: Document[] = [];
    let waiting = false;
    for (const d of envelope.documents.filter((x) => x.state === "sent")) {
      const q = await client.documentStatus({
        rutConsultante: cert.rut ?? envelope.company.rut,
        rutEmisor: envelope.company.rut,
        rutReceptor: d.receiverRut,
        tipoDte: d.type,
        folio: d.folio,
        fechaEmision: d.issueDate.toISOString().slice(0, 10),
        montoTotal: d.totalAmount,
      });
      if (q.disposition === "in_progress") waiting = true;
      else if (q.state === "FAU") missing.push(d);
      else
        verdicts.set(d.id, {
          state: q.disposition === "rejected" ? "rejected" : "accepted",
          result: { estado: q.state, descripcion: q.glosaErr ?? q.glosa ?? q.meaning.es },
        });
    }
    const young = now.getTime() - (envelope.sentAt?.getTime() ?? now.getTime()) < NOT_RECEIVED_GRACE_MS;
    await db.$transaction(async (tx) => {
      await recordVerdicts(tx, envelope.documents, verdicts);
      if (!waiting && !young && missing.length > 0) {
        await tx.document.updateMany({
          where: { id: { in: missing.map((d) => d.id) } },
          data: { state: "issued", envelopeId: null },
        });
        for (const d of missing) {
          await recordDocumentAudit(tx, d, "document.resend", "hub", {
            reason: "El SII no tiene el documento: se envía de nuevo.",
          });
        }
        await enqueue(tx, {
          kind: SEND_JOB,
          payload: { companyId: envelope.companyId, channel: "dte" },
          dedupeKey: sendDedupeKey(envelope.companyId, "dte"),
        });
      }
      const settled = !waiting && (missing.length === 0 || !young);
      if (settled) await tx.envelope.update({ where: { id: envelope.id }, data: { finalAt: now } });
    });
    if (waiting || (missing.length > 0 && young)) ctx.retryIn(deps.pollIntervalMs);
  };
}
