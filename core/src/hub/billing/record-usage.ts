import type { NormalizedOrder } from "../../rules/order/normalized-order.js";
import type { Tx } from "../db/run-transaction.js";

/** The demo's platform: what visitors click through is never billed. */
export const UNBILLED_PLATFORMS = ["demo"] as const;

/**
 * Puts the order in the usage ledger the first time any store of its company reports it (platform +
 * shop + external id); a retry, a re-sync or an update finds the key taken and adds nothing. Runs in
 * the ingest transaction, so an order is in the ledger exactly when it is in the hub. A later report
 * that the order is a test marks it so (a platform may say so only once it is re-read).
 */
export async function recordUsage(tx: Tx, storeId: string, o: Pick<NormalizedOrder, "externalId" | "test">): Promise<void> {
  const test = o.test === true;
  await tx.$executeRaw`
    INSERT INTO "UsageOrder" ("companyId", platform, "shopKey", "externalId", "storeId", test)
    SELECT s."companyId", s.platform, COALESCE(s."shopDomain", s."shopId", s.id::text), ${o.externalId}, s.id, ${test}
    FROM "Store" s WHERE s.id = ${storeId}::uuid
    ON CONFLICT ("companyId", platform, "shopKey", "externalId") DO UPDATE SET test = true
      WHERE ${test} AND NOT "UsageOrder".test`;
}
