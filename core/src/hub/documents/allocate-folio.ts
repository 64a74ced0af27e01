import type { Prisma } from "@prisma/client";
import { TimbreError } from "../../errors.js";

export interface AllocatedFolio {
  cafId: string;
  folio: number;
}

/**
 * Takes the next folio of the oldest usable CAF of that type. Call it inside the transaction that
 * stores the document: if the document is not stored, the folio is not taken. The row lock
 * serializes concurrent issuers (several hub replicas included), and the bound is re-checked after
 * the lock so a CAF is never overrun; when it runs out, the next CAF in order takes over.
 */
export async function allocateFolio(
  tx: Prisma.TransactionClient,
  companyId: string,
  documentType: number,
  at: Date = new Date(),
): Promise<AllocatedFolio> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const rows = await tx.$queryRaw<Array<{ id: string; folio: number }>>`
      UPDATE "Caf" SET "nextFolio" = "nextFolio" + 1
      WHERE id = (
        SELECT id FROM "Caf"
        WHERE "companyId" = ${companyId}::uuid AND "documentType" = ${documentType} AND state = 'active'
          AND "nextFolio" <= "folioTo" AND ("expiresAt" IS NULL OR "expiresAt" > ${at})
        ORDER BY "folioFrom"
        LIMIT 1
        FOR UPDATE
      ) AND "nextFolio" <= "folioTo"
      RETURNING id, "nextFolio" - 1 AS folio`;
    const row = rows[0];
    if (row) return { cafId: row.id, folio: Number(row.folio) };
    // Either there is no usable CAF, or another issuer took its last folio while we waited for
    // the lock: look again before giving up.
    const usable = await tx.caf.count({
      where: { companyId, documentType, state: "active", OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] },
    });
    if (usable === 0) break;
  }
  throw new TimbreError(
    "caf.exhausted",
    {
      es: `No quedan folios autorizados (CAF) para el tipo ${documentType}. Descargue un CAF nuevo en el SII y cárguelo.`,
      en: `No authorized folios (CAF) left for document type ${documentType}. Download a new CAF from the SII and load it.`,
    },
    { kind: "configuration" },
  );
}

export interface FolioStock {
  documentType: number;
  remaining: number;
  /** Earliest expiry among the CAFs that still have folios (facturas and notas only). */
  expiresAt: Date | null;
}

/** Folios left per document type, for warnings and the dashboard. */
export async function folioStock(
  tx: Prisma.TransactionClient,
  companyId: string,
  at: Date = new Date(),
): Promise<FolioStock[]> {
  const rows = await tx.$queryRaw<Array<{ documentType: number; remaining: bigint; expiresAt: Date | null }>>`
    SELECT "documentType", SUM("folioTo" - "nextFolio" + 1) AS remaining, MIN("expiresAt") AS "expiresAt"
    FROM "Caf"
    WHERE "companyId" = ${companyId}::uuid AND state = 'active' AND "nextFolio" <= "folioTo"
      AND ("expiresAt" IS NULL OR "expiresAt" > ${at})
    GROUP BY "documentType" ORDER BY "documentType"`;
  return rows.map((r) => ({
    documentType: Number(r.documentType),
    remaining: Number(r.remaining),
    expiresAt: r.expiresAt,
  }));
}
