import { findCompany } from "../../hub/company/find-company.js";
import { listZones } from "../../hub/couriers/list-zones.js";
import type { ZoneView } from "../../hub/couriers/zone-view.js";
import { optionalString, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

function where(z: ZoneView): string {
  return [
    ...z.regions.map((r) => `región ${r.name}`),
    ...z.comunas.map((c) => c.name),
    ...z.postalPrefixes.map((p) => `CP ${p}…`),
  ].join(", ");
}

export const courierZones: CliCommand = {
  path: ["courier", "zones"],
  summary: "Lista las zonas de reparto y las comunas, regiones y códigos postales de cada una",
  usage: "courier zones [--company <rut>] [--json]",
  options: { company: { type: "string" } },
  async run(args) {
    const zones = await withHub(async (hub) =>
      listZones(hub.db, (await findCompany(hub.db, optionalString(args, "company"))).id),
    );
    return {
      json: zones,
      text:
        zones.length === 0
          ? "Aún no hay zonas: `timbre courier zones set --name … --comunas … --flat … --commission …`."
          : zones.map((z) => `${z.name}${z.active ? "" : " (inactiva)"}: ${where(z)}`).join("\n"),
    };
  },
};
