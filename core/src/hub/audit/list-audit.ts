import type { Db } from "../db/prisma-client.js";

export interface AuditRow {
  id: string;
  at: string;
  subjectType: string;
  subjectId: string;
  action: string;
  actor: string;
  data: unknown;
}

/** A company's audit log, newest first; `before` is the id of the last row of the previous page. */
export async function listAudit(
  db: Db,
  companyId: string,
  o: { take?: number; before?: string; subjectId?: string } = {},
): Promise<{ rows: AuditRow[]; next: string | null }> {
  const take = Math.min(Math.max(o.take ?? 50, 1), 200);
  const rows = await db.auditEvent.findMany({
    where: {
      companyId,
      ...(o.before ? { id: { lt: BigInt(o.before) } } : {}),
      ...(o.subjectId ? { subjectId: o.subjectId } : {}),
    },
    orderBy: { id: "desc" },
    take: take + 1,
  });
  const page = rows.slice(0, take);
  return {
    rows: page.map((e) => ({
      id: e.id.toString(),
      at: e.createdAt.toISOString(),
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      action: e.action,
      actor: e.actor,
      data: e.data,
    })),
    next: rows.length > take ? page[page.length - 1]!.id.toString() : null,
  };
}
