import type { ShopifySubscription } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import { formatUf, priceOrders, ufToClp, USAGE_TIERS } from "../../rules/billing/index.js";
import type { Db } from "../db/prisma-client.js";
import { usageBillingFor } from "../platform/usage-billing-port.js";

/** The cap the merchant approves: at least 5 UF, and twice the most the company has been charged. */
export const MIN_CAP_UF_HUNDREDTHS = 500;

/** The price list in one sentence, as Shopify shows it on the approval page. */
export function usageTerms(): string {
  const bands = USAGE_TIERS.filter((t) => t.to !== null).map((t) =>
    t.ufHundredths === 0
      ? `${t.from}–${t.to} pedidos gratis`
      : `${t.from}–${t.to} pedidos ${formatUf(t.ufHundredths)} UF`,
  );
  return `Cobro mensual por pedidos: ${bands.join(", ")}; sobre 2.000, 1 UF más por cada 1.000 iniciados. En pesos, a la UF del último día del mes.`;
}

/**
 * The store's usage subscription, created when it has none (or the last one was declined or
 * cancelled): the merchant approves it, and its capped amount, at `confirmationUrl`. An existing
 * pending or active one is returned with its status refreshed, never a second subscription.
 */
export async function ensureUsageSubscription(
  db: Db,
  storeId: string,
  o: { returnUrl: string; now?: Date },
): Promise<ShopifySubscription> {
  const store = await db.store.findUniqueOrThrow({ where: { id: storeId } });
  const port = usageBillingFor(store);
  if (!port) {
    throw new TimbreError(
      "billing.platform_unbilled",
      {
        es: "Esta plataforma no cobra por su cuenta: Timbre emite factura.",
        en: "This platform does not bill: Timbre issues a factura.",
      },
      { kind: "invalid_input" },
    );
  }
  const existing = await db.shopifySubscription.findUnique({ where: { storeId } });
  if (existing) {
    const status = await port.status(existing.subscriptionId);
    if (status === "ACTIVE" || status === "PENDING") {
      return status === existing.status
        ? existing
        : db.shopifySubscription.update({ where: { storeId }, data: { status } });
    }
  }
  const latestUf = await db.ufValue.findFirst({ orderBy: { date: "desc" } });
  if (!latestUf) {
    throw new TimbreError(
      "billing.no_uf",
      {
        es: "Timbre aún no tiene el valor de la UF con que se calcula su plan. Vuelva a intentarlo en unas horas.",
        en: "Timbre does not have the UF value your plan is priced with yet. Please try again in a few hours.",
      },
      // The operator's fix, never the merchant's: a CLI command is not something a shop owner runs.
      {
        kind: "configuration",
        retryable: true,
        merchantActionable: false,
        detail: "no UfValue rows: load them with `timbre uf import <csv>` or set TIMBRE_UF_SOURCE_URL",
      },
    );
  }
  const top = await db.billingCharge.aggregate({ where: { companyId: store.companyId }, _max: { ufHundredths: true } });
  const capUf = Math.max(MIN_CAP_UF_HUNDREDTHS, 2 * (top._max.ufHundredths ?? priceOrders(0).ufHundredths));
  const cappedAmount = ufToClp(capUf, latestUf.valueCentavos);
  const sub = await port.subscribe({
    name: "Timbre: documentos tributarios por uso",
    returnUrl: o.returnUrl,
    cappedAmount,
    currency: "CLP",
    terms: usageTerms(),
  });
  const data = { ...sub, cappedAmount, currency: "CLP" };
  return db.shopifySubscription.upsert({ where: { storeId }, create: { storeId, ...data }, update: data });
}
