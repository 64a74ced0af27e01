import type { Prisma } from "@prisma/client";
import { recordAudit } from "../audit/record-audit.js";
import { companyFolios } from "../cafs/company-folios.js";
import type { Db } from "../db/prisma-client.js";
import { enqueue } from "../jobs/job-queue.js";
import type { JobHandler } from "../jobs/worker.js";
import { PROCESS_ORDER_JOB } from "../orders/ingest-order.js";
import { PROCESS_REFUND_JOB } from "../orders/record-refund.js";
import { SEND_JOB, sendDedupeKey } from "./issue-document.js";
import { CHECK_JOB } from "./check-documents.js";
import { EMAIL_JOB } from "./record-verdicts.js";
import { POLL_JOB } from "./send-envelope.js";

export const RECONCILE_JOB = "hub.reconcile";

export interface ReconcileOptions {
  db: Db;
  /** Between sweeps (default 5 minutes). */
  everyMs?: number;
  /** Work younger than this is left to the jobs already on it (default 2 minutes). */
  graceMs?: number;
  now?: () => Date;
}

/** Queues the next sweep; one is ever waiting (dedupe key). */
export async function scheduleReconcile(db: Db, delayMs = 0): Promise<void> {
  await enqueue(db, {
    kind: RECONCILE_JOB,
    payload: {},
    dedupeKey: RECONCILE_JOB,
    runAt: new Date(Date.now() + delayMs),
  });
}

const LIMIT = 500;

/**
 * `hub.reconcile`, every few minutes: whatever the pipeline owes but no job is carrying (a job
 * dead-lettered after a long SII outage, a CAF loaded after orders went pending) is queued again.
 * Every step is idempotent, and dedupe keys keep a live job from being doubled, so a sweep can
 * never issue, send or e-mail anything twice. It also warns about folios running low.
 */
export function reconcileJob(o: ReconcileOptions): JobHandler {
  const everyMs = o.everyMs ?? 5 * 60_000;
  const graceMs = o.graceMs ?? 2 * 60_000;
  return async () => {
    const { db } = o;
    const now = o.now?.() ?? new Date();
    const cutoff = new Date(now.getTime() - graceMs);
    const [orders, refunds, unsent, unpolled, unmailed, unconsumed] = await Promise.all([
      // Paid but without its document: issue it, or refresh why it waits (a CAF may have arrived).
      db.$queryRaw<Array<{ id: string }>>`
        SELECT o.id FROM "Order" o
        WHERE o.status = 'paid' AND o."updatedAt" < ${cutoff}
          AND NOT EXISTS (SELECT 1 FROM "Document" d WHERE d."orderId" = o.id AND d.kind = 'sale')
        ORDER BY o."updatedAt" LIMIT ${LIMIT}`,
      // Refunds of issued orders still without their nota de crédito.
      db.$queryRaw<Array<{ id: string }>>`
        SELECT r.id FROM "Refund" r
        WHERE r."createdAt" < ${cutoff}
          AND NOT EXISTS (SELECT 1 FROM "Document" d WHERE d."refundId" = r.id)
          AND EXISTS (SELECT 1 FROM "Document" s WHERE s."orderId" = r."orderId" AND s.kind = 'sale')
        ORDER BY r."createdAt" LIMIT ${LIMIT}`,
      db.$queryRaw<Array<{ companyId: string; boleta: boolean }>>`
        SELECT DISTINCT "companyId", type IN (39, 41) AS boleta FROM "Document"
        WHERE state = 'issued' AND "createdAt" < ${cutoff}`,
      db.envelope.findMany({
        where: { finalAt: null, trackId: { not: null }, sentAt: { lt: cutoff } },
        select: { id: true },
        take: LIMIT,
      }),
      // Accepted, not e-mailed, and its e-mail job gave up (the SMTP server was down for hours).
      db.$queryRaw<Array<{ id: string }>>`
        SELECT d.id FROM "Document" d
        WHERE d.state IN ('accepted', 'accepted_with_objections') AND d."emailedAt" IS NULL AND d."createdAt" < ${cutoff}
          AND EXISTS (SELECT 1 FROM "Job" j WHERE j.kind = ${EMAIL_JOB} AND j.state = 'dead' AND j.payload->>'documentId' = d.id::text)
          AND NOT EXISTS (SELECT 1 FROM "Job" j WHERE j.kind = ${EMAIL_JOB} AND j.state IN ('queued', 'running') AND j.payload->>'documentId' = d.id::text)
        LIMIT ${LIMIT}`,
      // A document exists but the sale's stock is still held (a crash between issuing and consuming).
      db.$queryRaw<Array<{ id: string }>>`
        SELECT DISTINCT r."orderId" AS id FROM "StockReservation" r
        WHERE r.state = 'held' AND r."createdAt" < ${cutoff}
          AND EXISTS (SELECT 1 FROM "Document" d WHERE d."orderId" = r."orderId" AND d.kind = 'sale')
        LIMIT ${LIMIT}`,
    ]);
    for (const { id } of [...orders, ...unconsumed])
      await enqueue(db, { kind: PROCESS_ORDER_JOB, payload: { orderId: id }, dedupeKey: `${PROCESS_ORDER_JOB}:${id}` });
    for (const { id } of refunds)
      await enqueue(db, {
        kind: PROCESS_REFUND_JOB,
        payload: { refundId: id },
        dedupeKey: `${PROCESS_REFUND_JOB}:${id}`,
      });
    for (const u of unsent) {
      const channel = u.boleta ? "boleta" : "dte";
      await enqueue(db, {
        kind: SEND_JOB,
        payload: { companyId: u.companyId, channel },
        dedupeKey: sendDedupeKey(u.companyId, channel),
      });
    }
    for (const { id } of unpolled)
      await enqueue(db, { kind: POLL_JOB, payload: { envelopeId: id }, dedupeKey: `${POLL_JOB}:${id}` });
    // Envelopes without a track id (STATUS 99, a lost or late answer, a send that died mid-upload):
    // their documents are looked up one by one.
    const unchecked = await db.envelope.findMany({
      where: { finalAt: null, trackId: null, sentAt: { lt: cutoff } },
      select: { id: true },
      take: LIMIT,
    });
    for (const { id } of unchecked)
      await enqueue(db, { kind: CHECK_JOB, payload: { envelopeId: id }, dedupeKey: `${CHECK_JOB}:${id}` });
    for (const { id } of unmailed)
      await enqueue(db, { kind: EMAIL_JOB, payload: { documentId: id }, dedupeKey: `${EMAIL_JOB}:${id}` });
    await warnAboutFolios(db, now);
    await scheduleReconcile(db, everyMs);
  };
}

/** Once a day per warning, in the company's audit log (the admin dashboards read it live). */
async function warnAboutFolios(db: Db, now: Date): Promise<void> {
  const companies = await db.company.findMany({ where: { cafs: { some: {} } }, select: { id: true } });
  const dayAgo = new Date(now.getTime() - 86_400_000);
  for (const { id } of companies) {
    const { warnings } = await companyFolios(db, id, now);
    for (const w of warnings) {
      const subjectId = `${id}:${w.code}:${w.documentType}`;
      const recent = await db.auditEvent.findFirst({
        where: { subjectType: "caf", subjectId, createdAt: { gt: dayAgo } },
        select: { id: true },
      });
      if (recent) continue;
      await recordAudit(db, {
        companyId: id,
        subjectType: "caf",
        subjectId,
        action: `caf.${w.code}`,
        actor: "hub",
        data: {
          documentType: w.documentType,
          remaining: w.remaining,
          expiresAt: w.expiresAt,
          message: w.message.es,
        } satisfies Prisma.InputJsonObject,
      });
    }
  }
}
