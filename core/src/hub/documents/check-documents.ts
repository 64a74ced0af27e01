import { z } from "zod";
import type { Document, Prisma } from "@prisma/client";
import { recordDocumentAudits } from "../audit/record-audit.js";
import { enqueue } from "../jobs/job-queue.js";
import { PermanentFailure, type JobHandler } from "../jobs/worker.js";
import type { Tx } from "../db/run-transaction.js";
import type { SigningCertificate } from "../../rules/dte/certificate.js";
import type { DocumentStatus } from "../sii/results.js";
import type { SiiClient } from "../sii/client.js";
import { SEND_JOB, sendDedupeKey } from "./issue-document.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import { recordVerdicts, type Verdict } from "./record-verdicts.js";

/**
 * `sii.check`: an envelope whose fate at the SII is unknown — STATUS 99 ("the file had already
 * been received": an earlier attempt got through but its answer, with the track id, was lost), an
 * upload that timed out or lost its answer, an envelope the SII called repeated (RPT), or one whose
 * send died mid-upload. Without a track id to follow, each document is looked up on its own (boletas
 * through the boleta REST API's per-boleta state, other DTEs with QueryEstDte):
 * found and matching → accepted; found with other data → rejected; not found, and still not found
 * after a grace period of the SII answering → it never arrived, so it goes back to be sent again
 * (its folio was never used at the SII). Nothing is sent twice and nothing the SII accepted is
 * ever marked rejected.
 */
export const CHECK_JOB = "sii.check";

const Payload = z.object({ envelopeId: z.uuid() });

/** How long the SII must keep saying "not received" before a document is sent again (default 3 min). */
export const NOT_RECEIVED_GRACE_MS = 3 * 60_000;

/** Lookups in flight at once per envelope (500 boletas would otherwise be 500 requests in a row). */
const LOOKUPS_AT_ONCE = 8;

export async function queueDocumentCheck(tx: Tx, envelopeId: string, runAt: Date): Promise<void> {
  await enqueue(tx, { kind: CHECK_JOB, payload: { envelopeId }, dedupeKey: `${CHECK_JOB}:${envelopeId}`, runAt });
}

/** What the SII holds for one document, by the channel it travels on. */
export function lookUpDocument(
  client: SiiClient,
  cert: SigningCertificate,
  companyRut: string,
  d: Pick<Document, "type" | "folio" | "receiverRut" | "issueDate" | "totalAmount">,
): Promise<DocumentStatus> {
  const query = {
    rutConsultante: cert.rut ?? companyRut,
    rutEmisor: companyRut,
    rutReceptor: d.receiverRut,
    tipoDte: d.type,
    folio: d.folio,
    fechaEmision: d.issueDate.toISOString().slice(0, 10),
    montoTotal: d.totalAmount,
  };
  return d.type === 39 || d.type === 41 ? client.boletaStatus(query) : client.documentStatus(query);
}

type Finding = { kind: "verdict"; verdict: Verdict } | { kind: "missing" } | { kind: "unclear" };

function finding(q: DocumentStatus): Finding {
  if (q.state === "FAU") return { kind: "missing" };
  // EMP (company not authorised) and anything in progress say nothing about this folio: ask again.
  if (q.state === "EMP" || q.disposition === "in_progress") return { kind: "unclear" };
  return {
    kind: "verdict",
    verdict: {
      state: q.disposition === "rejected" ? "rejected" : "accepted",
      result: { estado: q.state, descripcion: q.glosaErr ?? q.glosa ?? q.meaning.es },
    },
  };
}

async function inBatches<T, R>(items: readonly T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
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
    const open = envelope.documents.filter((x) => x.state === "sent" || x.state === "issued");
    const findings = await inBatches(open, LOOKUPS_AT_ONCE, async (d) => ({
      d,
      f: finding(await lookUpDocument(client, cert, envelope.company.rut, d)),
    }));
    const verdicts = new Map<string, Verdict>();
    const missing: Document[] = [];
    let unclear = false;
    for (const { d, f } of findings) {
      if (f.kind === "verdict") verdicts.set(d.id, f.verdict);
      else if (f.kind === "missing") missing.push(d);
      else unclear = true;
    }
    // "Not received" counts only once the SII has kept saying it for the grace period.
    const detail = (envelope.siiDetail ?? {}) as Prisma.JsonObject;
    const since = typeof detail.missingSince === "string" ? new Date(detail.missingSince) : undefined;
    const grace = deps.notReceivedGraceMs ?? NOT_RECEIVED_GRACE_MS;
    const resend = missing.length > 0 && since !== undefined && now.getTime() - since.getTime() >= grace;
    await db.$transaction(async (tx) => {
      await ctx.fence(tx);
      await recordVerdicts(tx, envelope.documents, verdicts);
      if (resend) {
        await tx.document.updateMany({
          where: { id: { in: missing.map((d) => d.id) }, envelopeId: envelope.id },
          data: { state: "issued", envelopeId: null },
        });
        await recordDocumentAudits(tx, missing, "document.resend", "hub", {
          reason: "El SII no tiene el documento: se envía de nuevo.",
        });
        const channel = envelope.channel === "boleta" ? "boleta" : "dte";
        await enqueue(tx, {
          kind: SEND_JOB,
          payload: { companyId: envelope.companyId, channel },
          dedupeKey: sendDedupeKey(envelope.companyId, channel),
        });
      }
      const settled = !unclear && (missing.length === 0 || resend);
      await tx.envelope.update({
        where: { id: envelope.id },
        data: {
          ...(settled ? { finalAt: now } : {}),
          siiDetail: {
            ...detail,
            missingSince: missing.length === 0 ? null : (since ?? now).toISOString(),
            checkedAt: now.toISOString(),
          },
        },
      });
    });
    if (unclear || (missing.length > 0 && !resend)) ctx.retryIn(deps.pollIntervalMs);
  };
}
