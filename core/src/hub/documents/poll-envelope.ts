import type { Document, Prisma } from "@prisma/client";
import { z } from "zod";
import { recordVerdicts, type Verdict } from "./record-verdicts.js";
import { PermanentFailure, type JobHandler } from "../jobs/worker.js";
import type { DocumentResult, EnvelopeStatus } from "../sii/results.js";
import type { SiiClient } from "../sii/client.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import type { SigningCertificate } from "../../rules/dte/certificate.js";
import { lookUpDocument, queueDocumentCheck } from "./check-documents.js";

export { EMAIL_JOB } from "./record-verdicts.js";

const Payload = z.object({ envelopeId: z.uuid() });

/** The SII refused this copy only because it already has the document (DTE-3-100 "DTE Repetido"). */
function repeated(r: DocumentResult): boolean {
  return r.outcome === "rejected" && r.errors.some((e) => e.codigo === 100 && (e.seccion ?? "DTE") === "DTE");
}

/**
 * The SII lists per document only what it objected to or rejected (boletas); for EnvioDTE it gives
 * counts, so when documents were rejected each one is asked about on its own. A document refused
 * as a repeat is asked about too: the SII accepted its first copy, and that is its verdict.
 */
async function verdicts(
  status: EnvelopeStatus,
  docs: Document[],
  client: SiiClient,
  cert: SigningCertificate,
  rutEmisor: string,
): Promise<Map<string, Verdict>> {
  const out = new Map<string, Verdict>();
  const listed = new Map<string, DocumentResult>(status.documents.map((d) => [`${d.tipo ?? ""}:${d.folio}`, d]));
  const askEach =
    status.channel === "dte" &&
    status.state === "EPR" &&
    (status.outcome === "partially_rejected" || status.outcome === "rejected");
  for (const d of docs) {
    const r = listed.get(`${d.type}:${d.folio}`) ?? listed.get(`:${d.folio}`);
    if ((r && repeated(r)) || askEach) {
      const q = await lookUpDocument(client, cert, rutEmisor, d);
      const ok = q.state !== "FAU" && q.disposition !== "rejected";
      out.set(d.id, {
        state: ok ? "accepted" : "rejected",
        result: { estado: q.state, descripcion: q.glosaErr ?? q.glosa ?? q.meaning.es },
      });
    } else if (r) {
      out.set(d.id, {
        state: r.outcome,
        result: {
          estado: r.estado,
          descripcion: r.descripcion ?? null,
          errors: r.errors as unknown as Prisma.InputJsonArray,
        },
      });
    } else if (status.outcome === "rejected") {
      out.set(d.id, {
        state: "rejected",
        result: { estado: status.state, descripcion: status.glosa ?? status.meaning.es },
      });
    } else {
      const state =
        status.outcome === "accepted_with_objections" && status.channel === "dte"
          ? "accepted_with_objections"
          : "accepted";
      out.set(d.id, { state, result: { estado: status.state } });
    }
  }
  return out;
}

/**
 * `sii.poll`: follows an envelope's track id until the SII's verdict is final, then records each
 * document's outcome, queues the buyer's e-mail for accepted ones, and turns rejections into
 * problems the merchant sees on the order and in the audit log.
 */
export function pollEnvelopeJob(deps: PipelineDeps): JobHandler {
  return async (payload, ctx) => {
    const parsed = Payload.safeParse(payload);
    if (!parsed.success) throw new PermanentFailure("sii.poll payload");
    const { db } = deps;
    const envelope = await db.envelope.findUnique({
      where: { id: parsed.data.envelopeId },
      include: { documents: true, company: true },
    });
    if (!envelope || envelope.finalAt || !envelope.trackId) return;
    const { cert } = await deps.material.certificate(envelope.companyId);
    const client = deps.siiClientFor(envelope.company, cert);
    const status = await client.envelopeStatus(envelope.trackId, {
      rutEmisor: envelope.company.rut,
      channel: envelope.channel === "boleta" ? "boleta" : "dte",
    });
    if (!status.final) {
      await db.envelope.update({ where: { id: envelope.id }, data: { siiState: status.state } });
      ctx.retryIn(deps.pollIntervalMs);
    }
    if (status.state === "RPT") {
      // "Repeated": the SII kept an earlier copy of this very file. What it holds is asked per document.
      await db.$transaction(async (tx) => {
        await ctx.fence(tx);
        await tx.envelope.update({ where: { id: envelope.id }, data: { siiState: status.state } });
        await queueDocumentCheck(tx, envelope.id, new Date());
      });
      return;
    }
    const byDoc = await verdicts(status, envelope.documents, client, cert, envelope.company.rut);
    const now = deps.now?.() ?? new Date();
    await db.$transaction(async (tx) => {
      await ctx.fence(tx);
      await tx.envelope.update({
        where: { id: envelope.id },
        data: {
          siiState: status.state,
          finalAt: now,
          siiDetail: {
            outcome: status.outcome,
            glosa: status.glosa ?? null,
            stats: status.stats as unknown as Prisma.InputJsonArray,
          },
        },
      });
      await recordVerdicts(tx, envelope.documents, byDoc);
    });
  };
}
