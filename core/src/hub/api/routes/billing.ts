import { z } from "zod";
import { companyUsage } from "../../billing/company-usage.js";
import { billingMonth, monthOf } from "../../../rules/billing/month.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json } from "../http.js";
import type { RouteDeps } from "./deps.js";

const UsageQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use un mes AAAA-MM (p. ej. 2026-11).")
    .optional()
    .describe("AAAA-MM, Chile time; default the month running now"),
});

/** The store's company's usage for a month (what `timbre billing usage` prints), for the admin app. */
export function billingRoutes(deps: RouteDeps): ApiRoute[] {
  return [
    apiRoute({
      method: "GET",
      path: "/api/v1/billing/usage",
      summary:
        "Orders counted for the month across all the company's stores, their tier, UF, the UF value and its date, pesos, whether it is provisional, and fair-use warnings",
      tags: ["admin"],
      auth: "store",
      query: UsageQuery,
      responses: { 200: { description: "The month's usage" } },
      handler: async ({ store, query }) => {
        const company = await deps.db.company.findUniqueOrThrow({ where: { id: store.companyId } });
        const month = query.month ? billingMonth(query.month) : monthOf(new Date());
        return json(await companyUsage(deps.db, company, month));
      },
    }),
  ];
}
