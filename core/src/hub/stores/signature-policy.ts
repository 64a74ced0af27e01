import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";

/** Whether a store may still sign writes the deprecated body-only way (until the sunset). */
export async function setLegacySignatures(
  db: Db,
  store: { id: string; companyId: string },
  legacy: boolean,
  actor: string,
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.store.update({ where: { id: store.id }, data: { legacySignatures: legacy } });
    await recordAudit(tx, {
      companyId: store.companyId,
      subjectType: "store",
      subjectId: store.id,
      action: legacy ? "store.legacy_signatures_on" : "store.legacy_signatures_off",
      actor,
      data: {},
    });
  });
}
