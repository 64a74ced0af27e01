import type { Company } from "@prisma/client";
import {
  fairUse,
  formatUf,
  formatUfValue,
  lastDayOfMonth,
  monthBounds,
  priceOrders,
  ufToClp,
  type BillingMonth,
  type FairUseWarning,
} from "../../rules/billing/index.js";
import { DEMO_COMPANY } from "../demo/demo-data.js";
import type { Db } from "../db/prisma-client.js";
import { UNBILLED_PLATFORMS } from "./record-usage.js";
import { ufValueFor } from "./uf-values.js";

export interface CompanyUsage {
  company: { id: string; rut: string; businessName: string };
  month: BillingMonth;
  ordersCounted: number;
  /** Per store (platform + shop): how the count was made up. */
  stores: Array<{ platform: string; shop: string; orders: number }>;
  tier: { code: string; from: number; to: number | null };
  ufHundredths: number;
  /** "2,5" */
  uf: string;
  ufValue: { date: string; wantedDate: string; valueCentavos: number; value: string } | null;
  clp: number | null;
  /** The amount may still change: the month is not over, or its last day's UF is not known yet. */
  provisional: boolean;
  provisionalReasons: Array<"month_open" | "uf_missing" | "uf_not_loaded">;
  fairUse: FairUseWarning[];
  charge: { state: string; method: string; clpAmount: number; chargedAt: string | null; lastError: string | null } | null;
}

/**
 * A company's usage for a month as the merchant and the operator see it: distinct store orders first
 * seen in the month across all its stores (tests and the demo left out), their tier, the UF of the
 * month's last day and the pesos. Read-only; closing the month is `close-month.ts`.
 */
export async function companyUsage(db: Db, company: Company, month: BillingMonth, now = new Date()): Promise<CompanyUsage> {
  const { start, end } = monthBounds(month);
  const demo = company.rut === DEMO_COMPANY.rut;
  const rows = demo
    ? []
    : await db.$queryRaw<Array<{ platform: string; shop: string; orders: bigint }>>`
        SELECT platform, "shopKey" AS shop, count(*) AS orders FROM "UsageOrder"
        WHERE "companyId" = ${company.id}::uuid AND "firstSeenAt" >= ${start} AND "firstSeenAt" < ${end}
          AND NOT test AND platform <> ALL(${[...UNBILLED_PLATFORMS]}::text[])
        GROUP BY platform, "shopKey" ORDER BY platform, "shopKey"`;
  const stores = rows.map((r) => ({ platform: r.platform, shop: r.shop, orders: Number(r.orders) }));
  const ordersCounted = stores.reduce((a, s) => a + s.orders, 0);
  const price = priceOrders(ordersCounted);
  const uf = await ufValueFor(db, lastDayOfMonth(month));
  const reasons: CompanyUsage["provisionalReasons"] = [];
  if (now < end) reasons.push("month_open");
  if (!uf) reasons.push("uf_not_loaded");
  else if (uf.fallback) reasons.push("uf_missing");
  const [documents, products, charge] = await Promise.all([
    db.document.count({ where: { companyId: company.id, createdAt: { gte: start, lt: end } } }),
    db.product.count({ where: { companyId: company.id } }),
    db.billingCharge.findUnique({ where: { companyId_month: { companyId: company.id, month } } }),
  ]);
  return {
    company: { id: company.id, rut: company.rut, businessName: company.businessName },
    month,
    ordersCounted,
    stores,
    tier: { code: price.tier.code, from: price.tier.from, to: price.tier.to },
    ufHundredths: price.ufHundredths,
    uf: formatUf(price.ufHundredths),
    ufValue: uf
      ? { date: uf.date, wantedDate: uf.wantedDate, valueCentavos: uf.valueCentavos, value: formatUfValue(uf.valueCentavos) }
      : null,
    clp: uf ? ufToClp(price.ufHundredths, uf.valueCentavos) : null,
    provisional: reasons.length > 0,
    provisionalReasons: reasons,
    fairUse: fairUse({ tier: price.tier, orders: ordersCounted, documents, products }),
    charge: charge
      ? {
          state: charge.state,
          method: charge.method,
          clpAmount: charge.clpAmount,
          chargedAt: charge.chargedAt?.toISOString() ?? null,
          lastError: charge.lastError,
        }
      : null,
  };
}
