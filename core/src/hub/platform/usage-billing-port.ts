import type { Store } from "@prisma/client";

/**
 * The app-billing side of a store platform: a usage subscription the merchant approves once, and one
 * usage charge per month on it. Only Shopify has one (its Billing API); every other platform's
 * merchants get Timbre's own factura instead. Charges carry an idempotency key the platform honours,
 * so a repeated call (the monthly job run twice, a retry after a timeout) never charges twice.
 */
export interface UsageSubscription {
  subscriptionId: string;
  /** The usage line item that usage records go to. */
  lineItemId: string;
  /** Where the merchant approves the subscription (and its capped amount). */
  confirmationUrl: string;
  /** Shopify's AppSubscriptionStatus: PENDING until approved, then ACTIVE (DECLINED, CANCELLED…). */
  status: string;
}

export interface UsageBillingPort {
  subscribe(input: {
    name: string;
    returnUrl: string;
    cappedAmount: number;
    currency: string;
    terms: string;
  }): Promise<UsageSubscription>;
  /** The subscription's current status (the merchant may have approved or cancelled it since). */
  status(subscriptionId: string): Promise<string>;
  charge(input: {
    lineItemId: string;
    amount: number;
    currency: string;
    description: string;
    idempotencyKey: string;
  }): Promise<{ usageRecordId: string }>;
}

const factories = new Map<Store["platform"], (store: Store) => UsageBillingPort | undefined>();

/** Platform parts register theirs when the hub starts; returns a function that undoes it (tests). */
export function registerUsageBilling(
  platform: Store["platform"],
  factory: (store: Store) => UsageBillingPort | undefined,
): () => void {
  factories.set(platform, factory);
  return () => {
    if (factories.get(platform) === factory) factories.delete(platform);
  };
}

export function usageBillingFor(store: Store): UsageBillingPort | undefined {
  return factories.get(store.platform)?.(store);
}

/** Platforms that bill through their own app billing (a company with such a store is charged there). */
export function platformsWithUsageBilling(): string[] {
  return [...factories.keys()];
}
