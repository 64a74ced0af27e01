import type { JobState, Store } from "@prisma/client";
import type { Db } from "../db/prisma-client.js";
import { retryJob } from "./job-queue.js";
import { jobView, type JobView } from "./job-view.js";

/**
 * Jobs that concern one store: its orders, refunds, documents and deliveries, plus its company's
 * own work (sending envelopes to the SII), so a plugin's admin screen can show what is stuck and why.
 */
async function storeJobIds(
  db: Db,
  store: Pick<Store, "id" | "companyId">,
  state: JobState | undefined,
  limit: number,
  onlyId?: bigint,
): Promise<bigint[]> {
  const rows = await db.$queryRaw<Array<{ id: bigint }>>`
    SELECT j.id FROM "Job" j
    WHERE (${state ?? null}::text IS NULL OR j.state::text = ${state ?? null})
      AND (${onlyId ?? null}::bigint IS NULL OR j.id = ${onlyId ?? null}::bigint)
      AND (
        j.payload->>'storeId' = ${store.id}
        OR j.payload->>'companyId' = ${store.companyId}
        OR EXISTS (SELECT 1 FROM "Order" o WHERE o."storeId" = ${store.id}::uuid AND o.id::text = j.payload->>'orderId')
        OR EXISTS (SELECT 1 FROM "Document" d WHERE d."storeId" = ${store.id}::uuid AND d.id::text = j.payload->>'documentId')
        OR EXISTS (SELECT 1 FROM "Refund" r JOIN "Order" o ON o.id = r."orderId" WHERE o."storeId" = ${store.id}::uuid AND r.id::text = j.payload->>'refundId')
        OR EXISTS (SELECT 1 FROM "Delivery" v WHERE v."storeId" = ${store.id}::uuid AND v.id::text = j.payload->>'deliveryId')
      )
    ORDER BY j.id DESC LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

export async function listStoreJobs(
  db: Db,
  store: Pick<Store, "id" | "companyId">,
  o: { state?: JobState | undefined; limit: number },
): Promise<JobView[]> {
  const ids = await storeJobIds(db, store, o.state, o.limit);
  const jobs = await db.job.findMany({ where: { id: { in: ids } }, orderBy: { id: "desc" } });
  return jobs.map(jobView);
}

/** Puts one of the store's dead jobs back in the queue; false when it is not the store's or not dead. */
export async function retryStoreJob(db: Db, store: Pick<Store, "id" | "companyId">, id: bigint): Promise<boolean> {
  const mine = await storeJobIds(db, store, "dead", 1, id);
  if (mine.length === 0) return false;
  return retryJob(db, id);
}
