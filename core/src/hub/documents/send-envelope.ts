import type { Document } from "@prisma/client";
import { z } from "zod";
import { buildEnvelope } from "../../rules/dte/envelope.js";
import { LIMITS } from "../../rules/dte/types.js";
import { recordDocumentAudit } from "../audit/record-audit.js";
import { enqueue } from "../jobs/job-queue.js";
import { PermanentFailure, type JobHandler } from "../jobs/worker.js";
import { SiiError } from "../sii/sii-error.js";
import { SEND_JOB, sendDedupeKey } from "./issue-document.js";
import { companyResolution } from "./company-resolution.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import { recordFolioVoids } from "./record-folio-void.js";
import { queueDocumentCheck } from "./check-documents.js";

export const POLL_JOB = "sii.poll";

const Payload = z.object({ companyId: z.uuid(), channel: z.enum(["boleta", "dte"]) });

const BOLETA_TYPES = [39, 41];

/**
 * `sii.send`: puts the company's issued documents of one channel into envelopes (EnvioBOLETA up to
 * 500, EnvioDTE up to 2,000), uploads them and hands each track id to `sii.poll`. The SII being
 * down is retried with backoff (the documents simply wait, already issued); a final refusal of the
 * upload marks its documents rejected, with the SII's reason, for the merchant to see.
 */
export function sendEnvelopeJob(deps: PipelineDeps): JobHandler {
  return async (payload) => {
    const parsed = Payload.safeParse(payload);
    if (!parsed.success) throw new PermanentFailure("sii.send payload");
    const { companyId, channel } = parsed.data;
    const { db } = deps;
    const kind = channel === "boleta" ? "EnvioBOLETA" : "EnvioDTE";
    const limit = LIMITS.envelope[kind];
    const docs = await db.document.findMany({
      where: {
        companyId,
        state: "issued",
        type: channel === "boleta" ? { in: BOLETA_TYPES } : { notIn: BOLETA_TYPES },
      },
      orderBy: [{ type: "asc" }, { folio: "asc" }],
      take: limit + 1,
    });
    if (docs.length === 0) return;
    const batch = docs.slice(0, limit);
    const company = await db.company.findUniqueOrThrow({ where: { id: companyId } });
    const { cert } = await deps.material.certificate(companyId);
    const now = deps.now?.() ?? new Date();
    const xml = buildEnvelope(
      kind,
      batch.map((d) => d.xml),
      {
        issuerRut: company.rut,
        senderRut: cert.rut ?? company.rut,
        resolution: companyResolution(company),
        timestamp: now,
      },
      cert,
    );
    const client = deps.siiClientFor(company, cert);
    let receipt;
    try {
      receipt = await client.sendEnvelope(xml, { fileName: `${kind}-${company.rut}-${now.getTime()}.xml` });
    } catch (e) {
      if (e instanceof SiiError && e.siiCode === "99" && channel === "dte") {
        await recoverLostTrackId(deps, { companyId, xml, documents: batch, now });
        return;
      }
      if (e instanceof SiiError && !e.retryable) {
        await db.$transaction(async (tx) => {
          const envelope = await tx.envelope.create({
            data: {
              companyId,
              channel,
              xml,
              siiState: e.siiCode ?? e.code,
              siiDetail: { es: e.user.es, en: e.user.en, detail: e.detail ?? null },
              sentAt: now,
              finalAt: now,
            },
          });
          await tx.document.updateMany({
            where: { id: { in: batch.map((d) => d.id) } },
            data: {
              state: "rejected",
              envelopeId: envelope.id,
              siiResult: { estado: e.siiCode ?? e.code, descripcion: e.user.es },
            },
          });
          await recordFolioVoids(tx, batch, `Envío rechazado por el SII: ${e.user.es}`);
          for (const d of batch) {
            await recordDocumentAudit(tx, d, "document.rejected", "sii", { reason: e.user.es });
          }
        });
        return;
      }
      throw e;
    }
    await db.$transaction(async (tx) => {
      const envelope = await tx.envelope.create({
        data: { companyId, channel, xml, trackId: receipt.trackId, siiState: receipt.status, sentAt: now },
      });
      await tx.document.updateMany({
        where: { id: { in: batch.map((d) => d.id) } },
        data: { state: "sent", envelopeId: envelope.id },
      });
      for (const d of batch) {
        await recordDocumentAudit(tx, d, "document.sent", "hub", { trackId: receipt.trackId });
      }
      await enqueue(tx, {
        kind: POLL_JOB,
        payload: { envelopeId: envelope.id },
        dedupeKey: `${POLL_JOB}:${envelope.id}`,
        runAt: new Date(now.getTime() + deps.pollIntervalMs),
      });
      if (docs.length > limit)
        await enqueue(tx, {
          kind: SEND_JOB,
          payload: { companyId, channel },
          dedupeKey: sendDedupeKey(companyId, channel),
        });
    });
  };
}

/** STATUS 99: the SII has this very file from an attempt whose answer was lost; see check-documents.ts. */
async function recoverLostTrackId(
  deps: PipelineDeps,
  o: { companyId: string; xml: string; documents: Document[]; now: Date },
): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    const envelope = await tx.envelope.create({
      data: {
        companyId: o.companyId,
        channel: "dte",
        xml: o.xml,
        siiState: "99",
        siiDetail: {
          es: "El SII ya había recibido este envío; se consulta cada documento.",
          en: "The SII already had this file; each document is looked up.",
        },
        sentAt: o.now,
      },
    });
    await tx.document.updateMany({
      where: { id: { in: o.documents.map((d) => d.id) } },
      data: { state: "sent", envelopeId: envelope.id },
    });
    for (const d of o.documents) {
      await recordDocumentAudit(tx, d, "document.sent", "hub", { trackId: null, note: "SII STATUS 99: ya recibido" });
    }
    await queueDocumentCheck(tx, envelope.id, new Date(o.now.getTime() + deps.pollIntervalMs));
  });
}
