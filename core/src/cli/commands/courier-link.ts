import { dayTime } from "../../rules/dates.js";
import { findCompany } from "../../hub/company/find-company.js";
import { issueLoginLink } from "../../hub/couriers/courier-sessions.js";
import { optionalString, UsageError, type CliCommand } from "../command.js";
import { hubBaseUrl } from "../../hub/hub-address.js";
import { withHub } from "../hub-session.js";
import { courierIdOf } from "./courier-cli.js";

export const courierLink: CliCommand = {
  path: ["courier", "link"],
  summary:
    "Enlace de ingreso de un solo uso para el teléfono de un repartidor (vale 72 horas; envíelo por WhatsApp o SMS)",
  usage: "courier link <id|phone> [--company <rut>] [--json]",
  options: { company: { type: "string" } },
  async run(args) {
    const ref = args.positionals[0];
    if (!ref) throw new UsageError("indique el id o el teléfono del repartidor: timbre courier link <id|teléfono>");
    const r = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      const link = await issueLoginLink(hub.db, company.id, await courierIdOf(hub.db, company.id, ref), "cli");
      const base = hubBaseUrl(hub.config);
      return { url: new URL(link.path, base).toString(), expiresAt: link.expiresAt.toISOString() };
    });
    return {
      json: r,
      text: `${r.url}\n  (sirve una vez, hasta el ${dayTime(r.expiresAt)}; defina TIMBRE_PUBLIC_URL para que los teléfonos lleguen al hub)`,
    };
  },
};
