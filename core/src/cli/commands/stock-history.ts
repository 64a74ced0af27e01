import { findCompany } from "../../hub/company/find-company.js";
import { stockHistory } from "../../hub/stock/stock-history.js";
import { optionalString, UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

export const stockHistoryCommand: CliCommand = {
  path: ["stock", "history"],
  summary: "El kárdex de un producto: cada movimiento con cantidad, costo y el saldo que dejó",
  usage: "stock history <sku> [--warehouse <code>] [--from <date>] [--to <date>] [--company <rut>] [--json]",
  options: {
    warehouse: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    company: { type: "string" },
  },
  async run(args) {
    const sku = args.positionals[0];
    if (!sku) throw new UsageError("indique el SKU");
    const date = (name: string, endOfDay: boolean) => {
      const v = optionalString(args, name);
      if (v === undefined) return undefined;
      const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T${endOfDay ? "23:59:59.999" : "00:00:00"}Z` : v);
      if (Number.isNaN(d.getTime())) throw new UsageError(`--${name} debe ser una fecha (2026-11-30) o una hora ISO`);
      return d;
    };
    const from = date("from", false);
    const to = date("to", true);
    const rows = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      return stockHistory(hub.db, company.id, {
        sku,
        ...(optionalString(args, "warehouse") ? { warehouse: optionalString(args, "warehouse")! } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      });
    });
    const text =
      rows.length === 0
        ? `Sin movimientos de ${sku}.`
        : rows
            .map(
              (m) =>
                `${m.at.slice(0, 19).replace("T", " ")}  ${m.warehouse.padEnd(8)} ${m.kind.padEnd(10)} ${String(m.quantity).padStart(10)}  → ${String(m.onHand).padStart(10)}  $${m.avgCost.toLocaleString("es-CL")}  ${m.reason}`,
            )
            .join("\n");
    return { json: rows, text };
  },
};
