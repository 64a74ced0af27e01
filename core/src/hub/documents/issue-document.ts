import type { Document, DocumentKind, Prisma } from "@prisma/client";
import type { SiiKeys } from "../../rules/dte/caf.js";
import { buildDte } from "../../rules/dte/builder.js";
import type { DteRequestInput } from "../../rules/dte/request.js";
import { signDte } from "../../rules/dte/signing.js";
import { isBoleta } from "../../rules/dte/types.js";
import type { Receiver } from "../../rules/order/issuing-policy.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { enqueue } from "../jobs/job-queue.js";
import { allocateFolio } from "./allocate-folio.js";
import type { SigningMaterial } from "./signing-material.js";
import { queueWriteBack } from "./write-back-document.js";

export const SEND_JOB = "sii.send";

export interface IssueDeps {
  db: Db;
  material: SigningMaterial;
  siiKeys: SiiKeys;
  /** Boletas wait this long for others to share their EnvioBOLETA. */
  boletaLingerMs: number;
  now?: () => Date;
}

export interface IssueRequest {
  companyId: string;
  storeId: string | null;
  orderId: string | null;
  /** store + order + kind + sequence: what makes a retry find the document instead of issuing another. */
  idempotencyKey: string;
  kind: DocumentKind;
  request: DteRequestInput;
  receiver: Receiver;
  referencesId?: string;
  refundId?: string;
  actor: string;
}

export function sendDedupeKey(companyId: string, channel: "boleta" | "dte"): string {
  return `${SEND_JOB}:${companyId}:${channel}`;
}

/**
 * Issues one document exactly once: in a single transaction the idempotency key is checked, the
 * next folio taken, the DTE built, stamped (TED) and signed, and the document stored with a send
 * job. A crash anywhere before the commit leaves no document and no folio taken; a second caller
 * with the same key gets the first document back (the unique key settles races).
 */
export async function issueDocument(
  deps: IssueDeps,
  r: IssueRequest,
): Promise<{ document: Document; created: boolean }> {
  const existing = await deps.db.document.findUnique({ where: { idempotencyKey: r.idempotencyKey } });
  if (existing) return { document: existing, created: false };
  const now = deps.now?.() ?? new Date();
  const company = await deps.db.company.findUniqueOrThrow({
    where: { id: r.companyId },
    select: { environment: true },
  });
  const { cert } = await deps.material.certificate(r.companyId);
  try {
    return await deps.db.$transaction(
      async (tx) => {
        const { cafId, folio } = await allocateFolio(tx, r.companyId, r.request.type, now);
        const caf = await deps.material.caf(cafId, tx);
        const built = buildDte(r.request, caf, {
          folio,
          timestamp: now,
          environment: company.environment,
          siiKeys: deps.siiKeys,
        });
        const xml = signDte(built.xml, cert);
        const document = await tx.document.create({
          data: {
            companyId: r.companyId,
            storeId: r.storeId,
            orderId: r.orderId,
            idempotencyKey: r.idempotencyKey,
            kind: r.kind,
            type: built.type,
            folio,
            cafId,
            issueDate: new Date(`${built.issueDate}T00:00:00Z`),
            receiverRut: built.request.receiver?.rut ?? r.receiver.rut,
            receiver: r.receiver as unknown as Prisma.InputJsonObject,
            netAmount: built.totals.net,
            exemptAmount: built.totals.exempt,
            ivaAmount: built.totals.iva,
            totalAmount: built.totals.total,
            xml,
            referencesId: r.referencesId ?? null,
            refundId: r.refundId ?? null,
          },
        });
        await recordAudit(tx, {
          companyId: r.companyId,
          ...(r.storeId ? { storeId: r.storeId } : {}),
          subjectType: r.orderId ? "order" : "document",
          subjectId: r.orderId ?? document.id,
          action: r.kind === "credit_note" ? "credit_note.issued" : "document.issued",
          actor: r.actor,
          data: {
            documentId: document.id,
            type: built.type,
            folio,
            total: built.totals.total,
            ...(built.warnings.length > 0 ? { warnings: built.warnings.map((w) => `${w.field}: ${w.message}`) } : {}),
          },
        });
        if (r.storeId && r.orderId) await queueWriteBack(tx, document.id);
        const channel = isBoleta(built.type) ? "boleta" : "dte";
        await enqueue(tx, {
          kind: SEND_JOB,
          payload: { companyId: r.companyId, channel },
          dedupeKey: sendDedupeKey(r.companyId, channel),
          runAt: new Date(now.getTime() + (channel === "boleta" ? deps.boletaLingerMs : 0)),
        });
        return { document, created: true };
      },
      { timeout: 30_000 },
    );
  } catch (e) {
    // Lost a race on the idempotency key: the winner's document is the one.
    if ((e as { code?: string }).code === "P2002") {
      const winner = await deps.db.document.findUnique({ where: { idempotencyKey: r.idempotencyKey } });
      if (winner) return { document: winner, created: false };
    }
    throw e;
  }
}
