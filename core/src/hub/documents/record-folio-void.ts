import type { Db } from "../db/prisma-client.js";
import type { Tx } from "../db/run-transaction.js";

/**
 * A rejected document leaves its folio unused at the SII, and folios are never reused: it is
 * recorded for annulment (the SII's "anulación de folios"), which the merchant reports with the
 * list `timbre caf list` and the folios API show.
 */
export async function recordFolioVoids(
  tx: Db | Tx,
  docs: ReadonlyArray<{ companyId: string; type: number; folio: number }>,
  reason: string,
): Promise<void> {
  if (docs.length === 0) return;
  await tx.folioVoid.createMany({
    data: docs.map((d) => ({
      companyId: d.companyId,
      documentType: d.type,
      folio: d.folio,
      reason: reason.slice(0, 500),
    })),
    skipDuplicates: true,
  });
}
