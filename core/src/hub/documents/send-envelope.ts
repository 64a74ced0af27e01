import type { Document } from "@prisma/client";
import { z } from "zod";
import { buildEnvelope } from "../../rules/dte/envelope.js";
import { LIMITS } from "../../rules/dte/types.js";
import { recordDocumentAudits } from "../audit/record-audit.js";
import type { Tx } from "../db/run-transaction.js";
import { enqueue } from "../jobs/job-queue.js";
import { PermanentFailure, type JobHandler } from "../jobs/worker.js";
import { DELIVERY_UNKNOWN, SiiError } from "../sii/sii-error.js";
import { SEND_JOB, sendDedupeKey } from "./issue-document.js";
import { companyResolution } from "./company-resolution.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import { recordFolioVoids } from "./record-folio-void.js";
import { queueDocumentCheck } from "./check-documents.js";

export const POLL_JOB = "sii.poll";

/** An envelope claimed by a send whose upload has not been answered yet. */
export const SENDING = "SENDING";
/** An upload the SII may or may not have: its documents are looked up one by one (sii.check). */
export const UNKNOWN = "UNKNOWN";

const Payload = z.object({ companyId: z.uuid(), channel: z.enum(["boleta", "dte"]) });

const BOLETA_TYPES = [39, 41];

class ClaimLost extends Error {}

/**
 * `sii.send`: puts the company's issued documents of one channel into envelopes (EnvioBOLETA up to
 * 500, EnvioDTE up to 2,000), uploads them and hands each track id to `sii.poll`.
 *
 * Exactly once under faults: sends of one company and channel run one at a time (their dedupe
 * key), and a document joins an envelope by a claim only one send can win (`envelopeId` set where
 * it is still null). An upload is never repeated blindly: when the SII may have it (a timeout, a
 * lost answer, STATUS 99) the envelope's documents are looked up one by one (`sii.check`) and only
 * those the SII lacks go out again. The SII being down simply leaves documents waiting, issued; a
 * final refusal marks them rejected, with the SII's reason, for the merchant to see.
 */
export function sendEnvelopeJob(deps: PipelineDeps): JobHandler {
  return async (payload, ctx) => {
    const parsed = Payload.safeParse(payload);
    if (!parsed.success) throw new PermanentFailure("sii.send payload");
    const { companyId, channel } = parsed.data;
    const { db } = deps;
    const now = deps.now?.() ?? new Date();
    // A send that died mid-upload left its envelope claimed: find out what the SII got before anything else.
    await recoverInterruptedSends(deps, companyId, channel, now);

    const kind = channel === "boleta" ? "EnvioBOLETA" : "EnvioDTE";
    const limit = LIMITS.envelope[kind];
    const docs = await db.document.findMany({
      where: {
        companyId,
        state: "issued",
        envelopeId: null,
        type: channel === "boleta" ? { in: BOLETA_TYPES } : { notIn: BOLETA_TYPES },
      },
      orderBy: [{ type: "asc" }, { folio: "asc" }],
      take: limit + 1,
    });
    if (docs.length === 0) return;
    const batch = docs.slice(0, limit);
    const company = await db.company.findUniqueOrThrow({ where: { id: companyId } });
    const { cert } = await deps.material.certificate(companyId);
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
    let envelopeId: string;
    try {
      envelopeId = await db.$transaction(async (tx) => {
        await ctx.fence(tx);
        const envelope = await tx.envelope.create({
          data: { companyId, channel, xml, siiState: SENDING, sentAt: now },
          select: { id: true },
        });
        const won = await tx.document.updateMany({
          where: { id: { in: batch.map((d) => d.id) }, state: "issued", envelopeId: null },
          data: { envelopeId: envelope.id },
        });
        if (won.count !== batch.length) throw new ClaimLost();
        return envelope.id;
      });
    } catch (e) {
      // Another send took some of these documents first: build again from what is left.
      if (e instanceof ClaimLost) ctx.retryIn(0);
      throw e;
    }

    const client = deps.siiClientFor(company, cert);
    let receipt;
    try {
      receipt = await client.sendEnvelope(xml, { fileName: `${kind}-${company.rut}-${now.getTime()}.xml` });
    } catch (e) {
      if (e instanceof SiiError && (e.code === DELIVERY_UNKNOWN || (e.siiCode === "99" && channel === "dte"))) {
        await lookUpEach(deps, envelopeId, batch, now, e.code === DELIVERY_UNKNOWN ? UNKNOWN : "99");
        return;
      }
      if (e instanceof SiiError && !e.retryable) {
        await db.$transaction(async (tx) => {
          await tx.envelope.update({
            where: { id: envelopeId },
            data: {
              siiState: e.siiCode ?? e.code,
              siiDetail: { es: e.user.es, en: e.user.en, detail: e.detail ?? null },
              finalAt: now,
            },
          });
          await tx.document.updateMany({
            where: { envelopeId },
            data: { state: "rejected", siiResult: { estado: e.siiCode ?? e.code, descripcion: e.user.es } },
          });
          await recordFolioVoids(tx, batch, `Envío rechazado por el SII: ${e.user.es}`);
          await recordDocumentAudits(tx, batch, "document.rejected", "sii", { reason: e.user.es });
        });
        return;
      }
      // The SII never got it (no connection, a refusal before processing): the documents wait, issued.
      await release(db, envelopeId);
      throw e;
    }
    await db.$transaction(async (tx) => {
      await tx.envelope.update({
        where: { id: envelopeId },
        data: { trackId: receipt.trackId, siiState: receipt.status },
      });
      await tx.document.updateMany({ where: { envelopeId }, data: { state: "sent" } });
      await recordDocumentAudits(tx, batch, "document.sent", "hub", { trackId: receipt.trackId });
      await enqueue(tx, {
        kind: POLL_JOB,
        payload: { envelopeId },
        dedupeKey: `${POLL_JOB}:${envelopeId}`,
        runAt: new Date(now.getTime() + deps.pollIntervalMs),
      });
      if (docs.length > limit) await queueSend(tx, companyId, channel);
    });
  };
}

async function queueSend(tx: Tx, companyId: string, channel: "boleta" | "dte"): Promise<void> {
  await enqueue(tx, { kind: SEND_JOB, payload: { companyId, channel }, dedupeKey: sendDedupeKey(companyId, channel) });
}

/** The upload certainly did not reach the SII: the claim is undone (the envelope never existed for the SII). */
async function release(db: PipelineDeps["db"], envelopeId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.document.updateMany({ where: { envelopeId, state: "issued" }, data: { envelopeId: null } });
    await tx.envelope.delete({ where: { id: envelopeId } });
  });
}

/**
 * The SII may hold this upload (STATUS 99 says it does, a timeout or lost answer that it might):
 * without a track id, each document is looked up on its own (see check-documents.ts).
 */
async function lookUpEach(
  deps: PipelineDeps,
  envelopeId: string,
  documents: readonly Document[],
  now: Date,
  state: string,
): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    await tx.envelope.update({
      where: { id: envelopeId },
      data: {
        siiState: state,
        siiDetail:
          state === "99"
            ? {
                es: "El SII ya había recibido este envío; se consulta cada documento.",
                en: "The SII already had this file; each document is looked up.",
              }
            : {
                es: "No se sabe si el SII recibió el envío; se consulta cada documento antes de reenviar.",
                en: "Unknown whether the SII received the file; each document is looked up before sending again.",
              },
      },
    });
    await tx.document.updateMany({ where: { envelopeId }, data: { state: "sent" } });
    await recordDocumentAudits(tx, documents, "document.sent", "hub", {
      trackId: null,
      note: state === "99" ? "SII STATUS 99: ya recibido" : "respuesta del SII perdida: se consulta cada documento",
    });
    await queueDocumentCheck(tx, envelopeId, new Date(now.getTime() + deps.pollIntervalMs));
  });
}

/** Envelopes of this company and channel still claimed by a send that is no longer running. */
async function recoverInterruptedSends(
  deps: PipelineDeps,
  companyId: string,
  channel: "boleta" | "dte",
  now: Date,
): Promise<void> {
  const stale = await deps.db.envelope.findMany({
    where: { companyId, channel, siiState: SENDING, finalAt: null, trackId: null },
    include: { documents: true },
  });
  // Sends of one company and channel run one at a time, so a SENDING envelope seen here is a dead run's.
  for (const e of stale) await lookUpEach(deps, e.id, e.documents, now, UNKNOWN);
}
