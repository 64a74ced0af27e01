import { companyUsage, type CompanyUsage } from "../../hub/billing/company-usage.js";
import { findCompany } from "../../hub/company/find-company.js";
import { billingMonth, monthOf, type BillingMonth } from "../../rules/billing/month.js";
import { day } from "../../rules/dates.js";
import { normalizeRut } from "../../rules/rut.js";
import { optionalString, UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

/** --month AAAA-MM, or the month running now in Chile. */
export function monthOption(text: string | undefined): BillingMonth {
  if (text === undefined) return monthOf(new Date());
  try {
    return billingMonth(text);
  } catch {
    throw new UsageError(`--month debe ser un mes AAAA-MM (p. ej. 2026-11), no "${text}"`);
  }
}

const clp = (n: number) => `$${n.toLocaleString("es-CL")}`;

const REASONS: Record<CompanyUsage["provisionalReasons"][number], string> = {
  month_open: "el mes aún no termina",
  uf_missing: "falta la UF del último día del mes; se usó la última conocida",
  uf_not_loaded: "no hay valores de UF cargados (`timbre uf import <csv>`)",
};

export function formatUsage(u: CompanyUsage): string {
  const lines = [
    `${u.company.businessName} (${u.company.rut}), ${u.month}`,
    `Pedidos contados: ${u.ordersCounted.toLocaleString("es-CL")}`,
    ...u.stores.map((s) => `  ${s.platform} ${s.shop}: ${s.orders.toLocaleString("es-CL")}`),
    `Tramo: ${u.tier.from}–${u.tier.to ?? "…"} pedidos → ${u.uf} UF`,
    u.ufValue
      ? `UF del ${day(u.ufValue.date)}: $${u.ufValue.value}${u.ufValue.date !== u.ufValue.wantedDate ? ` (la del ${day(u.ufValue.wantedDate)} aún no está)` : ""}`
      : "UF: sin valores cargados",
    `Total: ${u.clp === null ? "—" : clp(u.clp)}${u.provisional ? ` (provisorio: ${u.provisionalReasons.map((r) => REASONS[r]).join("; ")})` : ""}`,
    ...(u.charge
      ? [`Cobro: ${u.charge.method}, ${u.charge.state}${u.charge.lastError ? ` (${u.charge.lastError})` : ""}`]
      : []),
    ...u.fairUse.map((w) => `Aviso: ${w.message.es}`),
  ];
  return lines.join("\n");
}

export function companyRutOption(text: string | undefined): string | undefined {
  return text === undefined ? undefined : normalizeRut(text, "--company");
}

export const billingUsage: CliCommand = {
  path: ["billing", "usage"],
  summary: "Muestra los pedidos contados de un mes, su tramo, la UF y el monto en pesos",
  usage: "billing usage [--company <rut>] [--month AAAA-MM] [--json]",
  options: { company: { type: "string" }, month: { type: "string" } },
  async run(args) {
    const month = monthOption(optionalString(args, "month"));
    const rut = companyRutOption(optionalString(args, "company"));
    const usage = await withHub(async (hub) => companyUsage(hub.db, await findCompany(hub.db, rut), month));
    return { json: usage, text: formatUsage(usage) };
  },
};
