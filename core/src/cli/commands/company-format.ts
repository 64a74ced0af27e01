import { day } from "../../rules/dates.js";
import type { CompanyView } from "../../hub/company/company-view.js";

export function formatCompany(c: CompanyView): string {
  return [
    `${c.businessName} (${c.rut})`,
    `  Giro:        ${c.activity}`,
    `  Actecos:     ${c.actecos.join(", ")}`,
    `  Dirección:   ${c.address}, ${c.commune}${c.city ? `, ${c.city}` : ""}`,
    `  E-mail:      ${c.email ?? "—"}`,
    `  Resolución:  N° ${c.resolution.number} del ${c.resolution.date ? day(c.resolution.date) : "—"}`,
    `  Ambiente:    ${c.environment === "production" ? "producción" : "certificación"}`,
    `  Oficina SII: ${c.siiOffice || "— (defínala con --sii-office)"}`,
    `  Copia cedible de facturas: ${c.printCedible ? "sí" : "no"}`,
  ].join("\n");
}
