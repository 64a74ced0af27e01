import { folioWarnings, type FolioStockLine, type FolioWarning } from "../../rules/dte/folio-warnings.js";
import type { Db } from "../db/prisma-client.js";
import { folioStock } from "../documents/allocate-folio.js";

export interface CompanyFolios {
  stock: Array<{ documentType: number; remaining: number; expiresAt: string | null }>;
  threshold: number;
  warnings: FolioWarning[];
  /** Folios of rejected documents, to annul at the SII (never reused). */
  toAnnul: Array<{ documentType: number; folio: number; reason: string }>;
}

/** Folios left per type the company has ever had a CAF for (zero when run out), with warnings. */
export async function companyFolios(db: Db, companyId: string, now = new Date()): Promise<CompanyFolios> {
  const company = await db.company.findUniqueOrThrow({ where: { id: companyId }, select: { lowFolioThreshold: true } });
  const [usable, everHad, voids] = await Promise.all([
    db.$transaction((tx) => folioStock(tx, companyId, now)),
    db.caf.findMany({ where: { companyId }, select: { documentType: true }, distinct: ["documentType"] }),
    db.folioVoid.findMany({
      where: { companyId, reportedAt: null },
      orderBy: [{ documentType: "asc" }, { folio: "asc" }],
      take: 1000,
    }),
  ]);
  const byType = new Map<number, FolioStockLine>(
    everHad.map((c) => [c.documentType, { documentType: c.documentType, remaining: 0, expiresAt: null }]),
  );
  for (const s of usable) byType.set(s.documentType, s);
  const lines = [...byType.values()].sort((a, b) => a.documentType - b.documentType);
  return {
    stock: lines.map((l) => ({
      documentType: l.documentType,
      remaining: l.remaining,
      expiresAt: l.expiresAt?.toISOString() ?? null,
    })),
    threshold: company.lowFolioThreshold,
    warnings: folioWarnings(lines, company.lowFolioThreshold, now),
    toAnnul: voids.map((v) => ({ documentType: v.documentType, folio: v.folio, reason: v.reason })),
  };
}
