import { TimbreError } from "../../errors.js";
import { fieldIssues } from "../../validation.js";
import { findCompany } from "../../hub/company/find-company.js";
import { recordMovements } from "../../hub/stock/record-movements.js";
import { MovementInputSchema } from "../../rules/stock/catalog-input.js";
import { optionalString, requireString, type CliCommand, parseDecimal } from "../command.js";
import { withHub } from "../hub-session.js";

const number = (s: string | undefined, name: string) => (s === undefined ? undefined : parseDecimal(s, name));

export const stockMove: CliCommand = {
  path: ["stock", "move"],
  summary: "Registra un movimiento de stock: entrada, salida, ajuste (con signo), conteo físico o traspaso",
  usage:
    "stock move --sku <sku> --kind in|out|adjust|count|transfer --quantity <q> [--warehouse <code>] [--to <code>] [--unit-cost <CLP>] [--reason <text>] [--id <your movement id>] [--company <rut>] [--json]\n  (a negative quantity is written --quantity=-2.5)",
  options: {
    sku: { type: "string" },
    kind: { type: "string" },
    quantity: { type: "string" },
    warehouse: { type: "string" },
    to: { type: "string" },
    "unit-cost": { type: "string" },
    reason: { type: "string" },
    id: { type: "string" },
    company: { type: "string" },
  },
  async run(args) {
    const parsed = MovementInputSchema.safeParse({
      sku: requireString(args, "sku"),
      kind: requireString(args, "kind"),
      quantity: number(requireString(args, "quantity"), "quantity"),
      warehouse: optionalString(args, "warehouse"),
      toWarehouse: optionalString(args, "to"),
      unitCost: number(optionalString(args, "unit-cost"), "unit-cost"),
      reason: optionalString(args, "reason"),
      externalId: optionalString(args, "id"),
    });
    if (!parsed.success) {
      const fields = fieldIssues(parsed.error);
      throw new TimbreError(
        "stock.movement_invalid",
        {
          es: `Movimiento inválido: ${fields.map((f) => f.field).join(", ")}.`,
          en: `Invalid movement: ${fields.map((f) => f.field).join(", ")}.`,
        },
        { fields },
      );
    }
    const [m] = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      return recordMovements(hub.db, company.id, [parsed.data], { actor: "cli" });
    });
    const r = m!;
    const text = r.duplicate
      ? `Ese movimiento (--id) ya estaba registrado; no se registró de nuevo. ${r.sku} en ${r.warehouse}: ${r.onHand}`
      : `${r.sku} en ${r.warehouse}: ${r.quantity >= 0 ? "+" : ""}${r.quantity} → ${r.onHand} (costo promedio $${r.avgCost.toLocaleString("es-CL")})${r.to ? `; en ${r.to.warehouse}: ${r.to.onHand}` : ""}`;
    return { json: r, text };
  },
};
