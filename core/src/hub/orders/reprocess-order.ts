import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { enqueue } from "../jobs/job-queue.js";
import { PROCESS_ORDER_JOB } from "./ingest-order.js";
import { findStoreOrder } from "./find-order.js";

/**
 * "Emitir ahora": runs the order's processing again after the merchant fixed what held it (a CAF
 * loaded, a SKU mapped). Issuing stays idempotent, so a second click never issues twice.
 */
export async function reprocessOrder(
  db: Db,
  store: { id: string; companyId: string },
  externalId: string,
  actor: string,
): Promise<void> {
  const order = await findStoreOrder(db, store.id, externalId);
  await db.$transaction(async (tx) => {
    await enqueue(tx, {
      kind: PROCESS_ORDER_JOB,
      payload: { orderId: order.id },
      dedupeKey: `${PROCESS_ORDER_JOB}:${order.id}`,
    });
    await recordAudit(tx, {
      companyId: store.companyId,
      storeId: store.id,
      subjectType: "order",
      subjectId: order.id,
      action: "order.reprocess_requested",
      actor,
    });
  });
}
