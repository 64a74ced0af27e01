import { ZoneInputSchema } from "../../rules/couriers/zone-input.js";
import { findCompany } from "../../hub/company/find-company.js";
import { saveZone } from "../../hub/couriers/save-zone.js";
import { runTransaction } from "../../hub/db/run-transaction.js";
import { optionalString, requireString, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";
import { commissionFromArgs, intOption, listOption, parseWith, rateFromArgs } from "./courier-cli.js";

export const courierZonesSet: CliCommand = {
  path: ["courier", "zones", "set"],
  summary:
    "Crea o reemplaza una zona: sus comunas, regiones o códigos postales, su tarifa y la comisión del repartidor",
  usage:
    'courier zones set --name <zone> [--comunas "Providencia,13120"] [--regions "13,V"] [--postal "755,7560000"] (--flat <CLP> | --bands "1000:2990,5000:4990") [--free-from <CLP>] --commission <CLP|n%> [--position n] [--inactive] [--company <rut>] [--json]',
  options: {
    name: { type: "string" },
    comunas: { type: "string" },
    regions: { type: "string" },
    postal: { type: "string" },
    flat: { type: "string" },
    bands: { type: "string" },
    "free-from": { type: "string" },
    commission: { type: "string" },
    position: { type: "string" },
    inactive: { type: "boolean" },
    company: { type: "string" },
  },
  async run(args) {
    const input = parseWith(ZoneInputSchema, {
      name: requireString(args, "name"),
      comunas: listOption(args, "comunas") ?? [],
      regions: listOption(args, "regions") ?? [],
      postalPrefixes: listOption(args, "postal") ?? [],
      rate: rateFromArgs(args),
      commission: commissionFromArgs(args),
      ...(intOption(args, "position") !== undefined ? { position: intOption(args, "position") } : {}),
      active: args.values.inactive !== true,
    });
    const r = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      return runTransaction(hub.db, (tx) => saveZone(tx, company.id, input, "cli"), { retryOn: ["23505"] });
    });
    return {
      json: r,
      text: `${r.created ? "Zona creada" : "Zona reemplazada"}: ${r.zone.name}: ${r.zone.comunas.length} comunas, ${r.zone.regions.length} regiones, ${r.zone.postalPrefixes.length} prefijos postales`,
    };
  },
};
