import { z } from "zod";
import { findCompany } from "../../hub/company/find-company.js";
import {
  CourierSettingsInputSchema,
  getCourierSettings,
  setCourierSettings,
} from "../../hub/couriers/courier-settings.js";
import { runTransaction } from "../../hub/db/run-transaction.js";
import { optionalString, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";
import { listOption, parseWith } from "./courier-cli.js";

const PROOF_PARTS = ["photo", "receiverName", "signature", "notes"] as const;
const PROOF_ES: Record<(typeof PROOF_PARTS)[number], string> = {
  photo: "foto",
  receiverName: "nombre de quien recibe",
  signature: "firma",
  notes: "notas",
};
const RULES: Record<string, string> = {
  round_robin: "por turnos",
  least_loaded: "al menos cargado",
  priority: "por prioridad",
};

export const courierSettings: CliCommand = {
  path: ["courier", "settings"],
  summary:
    "Muestra o cambia la regla de asignación, la prueba de entrega exigida, el nombre del transportista y el webhook de despachos",
  usage:
    'courier settings [--rule round_robin|least_loaded|priority] [--require "photo,receiverName,signature,notes"] [--carrier-name <name>] [--webhook-url <url>|none] [--company <rut>] [--json]',
  options: {
    rule: { type: "string" },
    require: { type: "string" },
    "carrier-name": { type: "string" },
    "webhook-url": { type: "string" },
    company: { type: "string" },
  },
  async run(args) {
    const required = listOption(args, "require");
    const webhook = optionalString(args, "webhook-url");
    const input = parseWith(CourierSettingsInputSchema, {
      ...(optionalString(args, "rule") ? { assignmentRule: optionalString(args, "rule") } : {}),
      ...(required ? { proofRequirements: Object.fromEntries(PROOF_PARTS.map((p) => [p, required.includes(p)])) } : {}),
      ...(optionalString(args, "carrier-name") ? { carrierName: optionalString(args, "carrier-name") } : {}),
      ...(webhook !== undefined ? { webhookUrl: webhook === "none" ? null : webhook } : {}),
    });
    if (required) parseWith(z.array(z.enum(PROOF_PARTS)), required);
    const changes = Object.keys(input).length > 0;
    const r = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      if (!changes) return { settings: await getCourierSettings(hub.db, company.id) };
      return runTransaction(hub.db, (tx) => setCourierSettings(tx, hub.encryptor, company.id, input, "cli"));
    });
    const s = r.settings;
    const lines = [
      `Regla de asignación: ${RULES[s.assignmentRule] ?? s.assignmentRule}`,
      `Prueba de entrega exigida: ${
        PROOF_PARTS.filter((p) => s.proofRequirements[p])
          .map((p) => PROOF_ES[p])
          .join(", ") || "(ninguna)"
      }`,
      `Transportista que se informa a las tiendas: ${s.carrierName}`,
      `Webhook: ${s.webhookUrl ?? "(ninguno)"}`,
      ...("webhookSecret" in r && r.webhookSecret
        ? [`Secreto de firma del webhook (se muestra una vez): ${r.webhookSecret}`]
        : []),
    ];
    return { json: r, text: lines.join("\n") };
  },
};
