import { z } from "zod";
import { DOCUMENT_NAMES, type DteType } from "../../rules/dte/types.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import type { Tx } from "../db/run-transaction.js";
import { enqueue } from "../jobs/job-queue.js";
import { PermanentFailure, type JobHandler } from "../jobs/worker.js";
import { registeredDocumentWriteBacks, type DocumentWriteBackAdapters } from "../platform/document-writeback-port.js";
import type { Encryptor } from "../secrets/encryptor.js";
import { documentLinks } from "./document-links.js";
import { renderDocumentPdf } from "./render-document-pdf.js";

export const WRITEBACK_JOB = "document.writeback";

const Payload = z.object({ documentId: z.uuid() });

/** Queue telling the document's store about it; one queued job per document is enough (it reads the current state). */
export async function queueWriteBack(tx: Db | Tx, documentId: string): Promise<void> {
  await enqueue(tx, writeBackJob(documentId));
}

export function writeBackJob(documentId: string) {
  return { kind: WRITEBACK_JOB, payload: { documentId }, dedupeKey: `${WRITEBACK_JOB}:${documentId}` };
}

/** Compare-and-set of Document.writeBack (jsonb equality; null matches a document with none). */
export async function swapWriteBack(db: Db, documentId: string, expected: unknown, next: unknown): Promise<boolean> {
  const before = expected === null || expected === undefined ? null : JSON.stringify(expected);
  const after = next === null || next === undefined ? null : JSON.stringify(next);
  const n = await db.$executeRaw`
    UPDATE "Document" SET "writeBack" = ${after}::jsonb, "updatedAt" = now()
    WHERE id = ${documentId}::uuid AND "writeBack" IS NOT DISTINCT FROM ${before}::jsonb`;
  return n === 1;
}

export interface WriteBackDeps {
  db: Db;
  encryptor: Encryptor;
  /** Where the hub is reachable from outside, for the document links. */
  publicUrl: string;
  adapters?: DocumentWriteBackAdapters;
}

/**
 * `document.writeback`: the store shows the document on its order (Shopify metafields and tags,
 * Jumpseller's attached PDF). Stores whose platform pulls instead (WooCommerce, PrestaShop) have no
 * adapter and are skipped. A platform error fails the job, which retries with backoff.
 */
export function writeBackDocumentJob(deps: WriteBackDeps): JobHandler {
  const adapters = deps.adapters ?? registeredDocumentWriteBacks;
  return async (payload) => {
    const parsed = Payload.safeParse(payload);
    if (!parsed.success) throw new PermanentFailure(`${WRITEBACK_JOB} payload`);
    const doc = await deps.db.document.findUnique({
      where: { id: parsed.data.documentId },
      include: { store: true, order: true, company: true, caf: { select: { testOnly: true } } },
    });
    if (!doc?.store || !doc.order) return;
    const port = adapters(doc.store);
    if (!port) return;
    const links = documentLinks(deps.encryptor, deps.publicUrl, doc.id);
    await port.documentChanged({
      orderExternalId: doc.order.externalId,
      documentId: doc.id,
      kind: doc.kind,
      type: doc.type,
      typeName: DOCUMENT_NAMES[doc.type as DteType] ?? `DTE ${doc.type}`,
      folio: doc.folio,
      state: doc.state,
      total: doc.totalAmount,
      ...links,
      pdf: () => renderDocumentPdf(doc, doc.company),
      xml: async () => Buffer.from(doc.xml, "latin1"),
      writeBack: doc.writeBack ?? null,
      swapWriteBack: (expected, next) => swapWriteBack(deps.db, doc.id, expected, next),
    });
    await recordAudit(deps.db, {
      companyId: doc.companyId,
      storeId: doc.store.id,
      subjectType: "order",
      subjectId: doc.order.id,
      action: "document.written_back",
      actor: "hub",
      data: { documentId: doc.id, type: doc.type, folio: doc.folio, state: doc.state, platform: doc.store.platform },
    });
  };
}
