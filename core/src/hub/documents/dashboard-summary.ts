import type { Db } from "../db/prisma-client.js";
import { folioStock } from "./allocate-folio.js";

export interface DashboardSummary {
  today: { total: number; byType: Array<{ type: number; count: number }> };
  pending: Array<{
    orderId: string;
    externalId: string;
    number: string | null;
    reasons: Array<{ code: string; message: string; action?: string }>;
  }>;
  rejected: Array<{
    documentId: string;
    orderExternalId: string | null;
    type: number;
    folio: number;
    reason: string | null;
    detail: unknown;
    issueDate: string;
  }>;
  folios: Array<{
    type: number;
    remaining: number;
    low: boolean;
    expiresAt: string | null;
    expiresInDays: number | null;
  }>;
  lowFolioThreshold: number;
}

const DAY = 86_400_000;

/** The SII's words for a rejection ({estado, descripcion} as recorded), for the merchant. */
function rejectionReason(result: unknown): string | null {
  if (!result || typeof result !== "object") return null;
  const r = result as { descripcion?: unknown; estado?: unknown };
  const text = [r.estado, r.descripcion].filter((v) => typeof v === "string" && v.trim() !== "").join(": ");
  return text === "" ? null : text;
}

/** What a merchant checks each morning, for one store of a company. "Today" is Chile's day. */
export async function dashboardSummary(
  db: Db,
  scope: { companyId: string; storeId: string },
  at: Date = new Date(),
): Promise<DashboardSummary> {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago" }).format(at);
  const company = await db.company.findUniqueOrThrow({ where: { id: scope.companyId } });
  const [byType, pendingOrders, rejected, stock] = await Promise.all([
    db.document.groupBy({
      by: ["type"],
      where: { storeId: scope.storeId, issueDate: new Date(`${day}T00:00:00Z`) },
      _count: { _all: true },
      orderBy: { type: "asc" },
    }),
    db.order.findMany({
      where: { storeId: scope.storeId, NOT: { pendingReasons: { equals: [] } } },
      orderBy: { updatedAt: "desc" },
      take: 50,
      select: { id: true, externalId: true, number: true, pendingReasons: true },
    }),
    db.document.findMany({
      where: { storeId: scope.storeId, state: "rejected" },
      orderBy: { createdAt: "desc" },
      take: 50,
      include: { order: { select: { externalId: true } } },
    }),
    db.$transaction((tx) => folioStock(tx, scope.companyId, at)),
  ]);
  return {
    today: {
      total: byType.reduce((n, r) => n + r._count._all, 0),
      byType: byType.map((r) => ({ type: r.type, count: r._count._all })),
    },
    pending: pendingOrders.map((o) => ({
      orderId: o.id,
      externalId: o.externalId,
      number: o.number,
      reasons: (o.pendingReasons as Array<{ code: string; message: string; action?: string }>) ?? [],
    })),
    rejected: rejected.map((d) => ({
      documentId: d.id,
      orderExternalId: d.order?.externalId ?? null,
      type: d.type,
      folio: d.folio,
      reason: rejectionReason(d.siiResult),
      detail: d.siiResult,
      issueDate: d.issueDate.toISOString().slice(0, 10),
    })),
    folios: stock.map((s) => ({
      type: s.documentType,
      remaining: s.remaining,
      low: s.remaining < company.lowFolioThreshold,
      expiresAt: s.expiresAt?.toISOString().slice(0, 10) ?? null,
      expiresInDays: s.expiresAt ? Math.floor((s.expiresAt.getTime() - at.getTime()) / DAY) : null,
    })),
    lowFolioThreshold: company.lowFolioThreshold,
  };
}
