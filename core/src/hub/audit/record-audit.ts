import type { Prisma } from "@prisma/client";
import type { Db } from "../db/prisma-client.js";

export interface AuditEntry {
  companyId?: string;
  storeId?: string;
  subjectType: "company" | "store" | "order" | "document" | "caf" | "certificate" | (string & {});
  subjectId: string;
  action: string;
  /** Who did it: "cli", "api:<storeId>", "hub", "demo", a user e-mail… */
  actor: string;
  data?: Prisma.InputJsonValue;
}

/** Appends one audit event. Pass a transaction client to record it atomically with the change. */
export async function recordAudit(db: Pick<Db, "auditEvent">, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      companyId: entry.companyId ?? null,
      storeId: entry.storeId ?? null,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      action: entry.action,
      actor: entry.actor,
      data: entry.data ?? {},
    },
  });
}

/**
 * An event about one document, filed under its order when it has one, so the order's audit log
 * tells the whole story (issued, sent, accepted, e-mailed…). The document's type and folio are
 * always in the data.
 */
export async function recordDocumentAudit(
  db: Pick<Db, "auditEvent">,
  d: { id: string; companyId: string; storeId: string | null; orderId: string | null; type: number; folio: number },
  action: string,
  actor: string,
  data: Record<string, Prisma.InputJsonValue | null> = {},
): Promise<void> {
  await recordAudit(db, {
    companyId: d.companyId,
    ...(d.storeId ? { storeId: d.storeId } : {}),
    subjectType: d.orderId ? "order" : "document",
    subjectId: d.orderId ?? d.id,
    action,
    actor,
    data: { documentId: d.id, type: d.type, folio: d.folio, ...data },
  });
}

/** The same event about many documents in one statement (an envelope's worth). */
export async function recordDocumentAudits(
  db: Pick<Db, "auditEvent">,
  docs: ReadonlyArray<{
    id: string;
    companyId: string;
    storeId: string | null;
    orderId: string | null;
    type: number;
    folio: number;
  }>,
  action: string,
  actor: string,
  data: Record<string, Prisma.InputJsonValue | null> = {},
): Promise<void> {
  if (docs.length === 0) return;
  await db.auditEvent.createMany({
    data: docs.map((d) => ({
      companyId: d.companyId,
      storeId: d.storeId,
      subjectType: d.orderId ? "order" : "document",
      subjectId: d.orderId ?? d.id,
      action,
      actor,
      data: { documentId: d.id, type: d.type, folio: d.folio, ...data },
    })),
  });
}
