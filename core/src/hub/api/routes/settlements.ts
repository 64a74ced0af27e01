import { z } from "@hono/zod-openapi";
import { TimbreError } from "../../../errors.js";
import { isServiceDay } from "../../../rules/couriers/service-day.js";
import { settlementCsv } from "../../../rules/couriers/settlement.js";
import { settlementReport } from "../../couriers/settlement-report.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json } from "../http.js";
import { SettlementSchema } from "../schemas/couriers.js";
import type { RouteDeps } from "./deps.js";

const Day = z.string().refine(isServiceDay, "YYYY-MM-DD");
const SettlementQuerySchema = z.object({
  from: Day,
  to: Day,
  courierId: z.uuid().optional(),
  format: z.enum(["json", "csv"]).default("json"),
  separator: z.enum([",", ";"]).default(","),
});

export function settlementRoutes(deps: RouteDeps): ApiRoute[] {
  return [
    apiRoute({
      method: "GET",
      path: "/api/v1/settlements",
      summary:
        "What each courier delivered between two days (Chilean time, both included), with fees and commissions; format=csv for a spreadsheet",
      tags: ["couriers"],
      auth: "store",
      query: SettlementQuerySchema,
      responses: {
        200: { description: "The settlement as JSON, or as CSV (text/csv) with format=csv", schema: SettlementSchema },
      },
      async handler({ store, query: q }) {
        if (q.from > q.to) {
          throw new TimbreError(
            "invalid_query",
            { es: "La fecha inicial es posterior a la final.", en: "from is after to." },
            { fields: [{ field: "from", message: "Posterior a la fecha final.", messageEn: "after to" }] },
          );
        }
        const report = await settlementReport(deps.db, store.companyId, q);
        if (q.format === "csv") {
          return new Response(settlementCsv(report.lines, { separator: q.separator }), {
            headers: {
              "content-type": "text/csv; charset=utf-8",
              "content-disposition": `attachment; filename="liquidacion-${q.from}-${q.to}.csv"`,
            },
          });
        }
        return json({
          from: report.from,
          to: report.to,
          couriers: report.couriers,
          deliveries: report.lines.map((l) => ({ ...l, deliveredAt: l.deliveredAt.toISOString() })),
        });
      },
    }),
  ];
}
