import type { Db } from "../db/prisma-client.js";
import { usageBillingFor } from "../platform/usage-billing-port.js";

export interface SubscriptionState {
  /** Shopify's AppSubscriptionStatus ("PENDING", "ACTIVE", "DECLINED", "CANCELLED"…), freshly read. */
  status: string;
  cappedAmount: number;
  currency: string;
}

/**
 * The store's usage subscription as the Plan screen shows it, its status re-read from the platform
 * (the merchant may have just approved it, or cancelled it in Shopify's admin); null when there is
 * none yet. Read-only apart from storing the refreshed status: creating one is ensure-subscription.ts.
 */
export async function usageSubscriptionState(
  db: Db,
  storeId: string,
  o: { refresh?: boolean } = {},
): Promise<SubscriptionState | null> {
  const row = await db.shopifySubscription.findUnique({ where: { storeId } });
  if (!row) return null;
  const store = await db.store.findUniqueOrThrow({ where: { id: storeId } });
  const port = usageBillingFor(store);
  let status = row.status;
  if (port && (o.refresh ?? true) && status !== "CANCELLED" && status !== "DECLINED") {
    try {
      status = await port.status(row.subscriptionId);
    } catch {
      // Shopify unreachable: the screen still shows what we last knew rather than an error page.
      return { status: row.status, cappedAmount: row.cappedAmount, currency: row.currency };
    }
    if (status !== row.status) await db.shopifySubscription.update({ where: { storeId }, data: { status } });
  }
  return { status, cappedAmount: row.cappedAmount, currency: row.currency };
}
