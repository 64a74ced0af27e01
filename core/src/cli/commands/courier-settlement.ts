import { isServiceDay } from "../../rules/couriers/service-day.js";
import { settlementCsv } from "../../rules/couriers/settlement.js";
import { findCompany } from "../../hub/company/find-company.js";
import { settlementReport } from "../../hub/couriers/settlement-report.js";
import { optionalString, requireString, UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";
import { courierIdOf, money } from "./courier-cli.js";

export const courierSettlement: CliCommand = {
  path: ["courier", "settlement"],
  summary:
    "Lo que entregó cada repartidor en un período (días de Chile, ambos incluidos) con tarifas y comisiones; --csv para planilla",
  usage:
    'courier settlement --from YYYY-MM-DD --to YYYY-MM-DD [--courier <id|phone>] [--csv] [--separator ";"] [--company <rut>] [--json]',
  options: {
    from: { type: "string" },
    to: { type: "string" },
    courier: { type: "string" },
    csv: { type: "boolean" },
    separator: { type: "string" },
    company: { type: "string" },
  },
  async run(args) {
    const from = requireString(args, "from");
    const to = requireString(args, "to");
    if (!isServiceDay(from) || !isServiceDay(to)) throw new UsageError("--from y --to son fechas AAAA-MM-DD");
    if (from > to) throw new UsageError("--from es posterior a --to");
    const separator = optionalString(args, "separator") ?? ",";
    if (separator !== "," && separator !== ";") throw new UsageError('--separator debe ser "," o ";"');
    const report = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      const courier = optionalString(args, "courier");
      return settlementReport(hub.db, company.id, {
        from,
        to,
        ...(courier ? { courierId: await courierIdOf(hub.db, company.id, courier) } : {}),
      });
    });
    const json = {
      from,
      to,
      couriers: report.couriers,
      deliveries: report.lines.map((l) => ({ ...l, deliveredAt: l.deliveredAt.toISOString() })),
    };
    if (args.values.csv === true) return { json, text: settlementCsv(report.lines, { separator }).trimEnd() };
    const text =
      report.couriers.length === 0
        ? `Sin entregas entre el ${from} y el ${to}.`
        : [
            `Liquidación ${from} → ${to}`,
            ...report.couriers.map(
              (c) =>
                `  ${c.courierName.padEnd(24)} ${String(c.deliveries).padStart(4)} entregas  tarifas ${money(c.fees)}  comisión ${money(c.commissions)}${c.unpriced ? `  (${c.unpriced} sin tarifa: liquidar a mano)` : ""}`,
            ),
          ].join("\n");
    return { json, text };
  },
};
