import { TimbreError } from "../../errors.js";
import { lastDayOfMonth, monthBounds, type BillingMonth } from "../../rules/billing/month.js";
import { DEMO_COMPANY } from "../demo/demo-data.js";
import type { Db } from "../db/prisma-client.js";
import { logger } from "../logging/logger.js";
import { companyUsage } from "./company-usage.js";

/** Sent as the Shopify usage record's idempotency key and used as the factura's document key. */
/**
 * Platforms whose merchants are charged through the platform's own app billing (Shopify's Billing
 * API); a company with a store on one is charged there, every other company gets our factura. A
 * fixed list, not whatever adapters this process registered: a CLI run without the Shopify part must
 * never turn a Shopify merchant's charge into a factura.
 */
export const APP_BILLED_PLATFORMS: readonly string[] = ["shopify"];

export function chargeKey(companyId: string, month: BillingMonth): string {
  return `timbre-usage:${companyId}:${month}`;
}

export interface CloseResult {
  month: BillingMonth;
  /** Charges created by this run (a second run creates none). */
  created: number;
  /** Companies left for a later run: no UF value loaded at all yet. */
  waiting: number;
}

/**
 * Closes a finished month: one BillingCharge per company (the unique company + month key makes a
 * second run, or two at once, create nothing more), priced at the UF of the month's last day, else
 * the last known one (provisional). Charged through the platform's app billing when the company has
 * a store on one (Shopify), else with our own factura. The operator's company and the demo are not
 * billed. Nothing here touches the merchants' own invoicing.
 */
export async function closeMonth(
  db: Db,
  month: BillingMonth,
  o: { now?: Date; operatorRut?: string | undefined } = {},
): Promise<CloseResult> {
  const now = o.now ?? new Date();
  if (now < monthBounds(month).end) {
    throw new TimbreError(
      "billing.month_open",
      { es: `El mes ${month} aún no termina.`, en: `The month ${month} is not over yet.` },
      { kind: "invalid_input" },
    );
  }
  const excluded = [DEMO_COMPANY.rut, ...(o.operatorRut ? [o.operatorRut] : [])];
  const companies = await db.company.findMany({
    where: { rut: { notIn: excluded }, billingCharges: { none: { month } } },
    include: { stores: { select: { id: true, platform: true } } },
    orderBy: { createdAt: "asc" },
  });
  const billedByPlatform = new Set(APP_BILLED_PLATFORMS);
  let created = 0;
  let waiting = 0;
  for (const company of companies) {
    const usage = await companyUsage(db, company, month, now);
    if (usage.clp === null || !usage.ufValue) {
      waiting++;
      logger.warn({ companyId: company.id, month }, "billing: no UF value loaded yet; the month is closed on a later run");
      continue;
    }
    const platformStore = company.stores.find((s) => billedByPlatform.has(s.platform));
    const method = usage.clp === 0 ? "none" : platformStore ? platformStore.platform : "factura";
    const rows = await db.$executeRaw`
      INSERT INTO "BillingCharge" (id, "companyId", month, orders, "tierCode", "ufHundredths", "ufWantedDate", "ufDate",
        "ufValueCentavos", provisional, "clpAmount", method, state, "storeId", "idempotencyKey", "updatedAt")
      VALUES (gen_random_uuid(), ${company.id}::uuid, ${month}, ${usage.ordersCounted}, ${usage.tier.code}, ${usage.ufHundredths},
        ${lastDayOfMonth(month)}::date, ${usage.ufValue.date}::date, ${usage.ufValue.valueCentavos},
        ${usage.provisionalReasons.includes("uf_missing")}, ${usage.clp}, ${method}, ${method === "none" ? "free" : "pending"},
        ${method !== "none" && platformStore ? platformStore.id : null}::uuid, ${chargeKey(company.id, month)}, now())
      ON CONFLICT ("companyId", month) DO NOTHING`;
    created += rows;
  }
  return { month, created, waiting };
}
