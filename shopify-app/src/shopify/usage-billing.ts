import type { UsageBillingPort, UsageSubscription } from "@timbre/core/platform-parts";
import { TimbreError } from "@timbre/core/platform-parts";
import type { ShopifyGraphqlClient } from "./graphql-client.js";
import { SUBSCRIPTION_CREATE, SUBSCRIPTION_STATUS, USAGE_RECORD_CREATE } from "./graphql-operations.js";

/**
 * Usage pricing through Shopify's Billing API: one subscription with a usage line item capped at what
 * the merchant approves (appSubscriptionCreate → confirmationUrl), then one usage record a month
 * (appUsageRecordCreate) carrying our idempotency key, so the same month is never charged twice.
 */
interface UserError {
  field?: string[] | null;
  message: string;
}

interface CreateAnswer {
  appSubscriptionCreate: {
    appSubscription: {
      id: string;
      status: string;
      lineItems: Array<{ id: string; plan: { pricingDetails: { __typename: string } } }>;
    } | null;
    confirmationUrl: string | null;
    userErrors: UserError[];
  };
}

interface UsageAnswer {
  appUsageRecordCreate: { appUsageRecord: { id: string } | null; userErrors: UserError[] };
}

function refused(what: string, errors: UserError[], retryable = false) {
  return new TimbreError(
    "shopify.billing",
    {
      es: `Shopify no aceptó ${what}: ${errors.map((e) => e.message).join("; ")}`,
      en: `Shopify refused ${what}: ${errors.map((e) => e.message).join("; ")}`,
    },
    { kind: "upstream", retryable, detail: JSON.stringify(errors) },
  );
}

export function shopifyUsageBilling(client: ShopifyGraphqlClient, o: { test: boolean }): UsageBillingPort {
  return {
    async subscribe(input): Promise<UsageSubscription> {
      const r = await client.request<CreateAnswer>(SUBSCRIPTION_CREATE, {
        name: input.name,
        returnUrl: input.returnUrl,
        test: o.test,
        lineItems: [
          {
            plan: {
              appUsagePricingDetails: {
                terms: input.terms,
                cappedAmount: { amount: String(input.cappedAmount), currencyCode: input.currency },
              },
            },
          },
        ],
      });
      const p = r.appSubscriptionCreate;
      const sub = p.appSubscription;
      const usage = sub?.lineItems.find((l) => l.plan.pricingDetails.__typename === "AppUsagePricing");
      if (p.userErrors.length > 0 || !sub || !usage || !p.confirmationUrl)
        throw refused("la suscripción", p.userErrors);
      return { subscriptionId: sub.id, lineItemId: usage.id, confirmationUrl: p.confirmationUrl, status: sub.status };
    },
    async status(subscriptionId) {
      const r = await client.request<{ node: { id: string; status: string } | null }>(SUBSCRIPTION_STATUS, {
        id: subscriptionId,
      });
      return r.node?.status ?? "CANCELLED";
    },
    async charge(input) {
      const r = await client.request<UsageAnswer>(USAGE_RECORD_CREATE, {
        subscriptionLineItemId: input.lineItemId,
        price: { amount: String(input.amount), currencyCode: input.currency },
        description: input.description,
        idempotencyKey: input.idempotencyKey,
      });
      const p = r.appUsageRecordCreate;
      // "Total price exceeds balance remaining": the merchant must approve a higher cap; retried later.
      if (p.userErrors.length > 0 || !p.appUsageRecord) throw refused("el cobro por uso", p.userErrors, true);
      return { usageRecordId: p.appUsageRecord.id };
    },
  };
}
