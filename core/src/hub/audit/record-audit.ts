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
