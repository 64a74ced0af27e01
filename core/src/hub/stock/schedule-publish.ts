import type { DbLike } from "../jobs/job-queue.js";
import { enqueue } from "../jobs/job-queue.js";

export const PUBLISH_STOCK_JOB = "stock.publish";

/** A burst of movements becomes one publish per store: the job waits this long and is deduped. */
const COALESCE_MS = 500;

export async function schedulePublish(db: DbLike, storeIds: readonly string[], delayMs = COALESCE_MS): Promise<void> {
  for (const storeId of storeIds) {
    await enqueue(db, {
      kind: PUBLISH_STOCK_JOB,
      payload: { storeId },
      dedupeKey: `${PUBLISH_STOCK_JOB}:${storeId}`,
      runAt: new Date(Date.now() + delayMs),
    });
  }
}
