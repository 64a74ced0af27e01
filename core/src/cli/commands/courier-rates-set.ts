import { ZoneInputSchema } from "../../rules/couriers/zone-input.js";
import { findCompany } from "../../hub/company/find-company.js";
import { listZones } from "../../hub/couriers/list-zones.js";
import { saveZone } from "../../hub/couriers/save-zone.js";
import { runTransaction } from "../../hub/db/run-transaction.js";
import { TimbreError } from "../../errors.js";
import { optionalString, requireString, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";
import { commissionFromArgs, parseWith, rateFromArgs } from "./courier-cli.js";

export const courierRatesSet: CliCommand = {
  path: ["courier", "rates", "set"],
  summary: "Cambia la tarifa y la comisión de una zona, sin tocar sus comunas",
  usage:
    'courier rates set --zone <zone> (--flat <CLP> | --bands "1000:2990,5000:4990") [--free-from <CLP>] --commission <CLP|n%> [--company <rut>] [--json]',
  options: {
    zone: { type: "string" },
    flat: { type: "string" },
    bands: { type: "string" },
    "free-from": { type: "string" },
    commission: { type: "string" },
    company: { type: "string" },
  },
  async run(args) {
    const name = requireString(args, "zone");
    const rate = rateFromArgs(args);
    const commission = commissionFromArgs(args);
    const r = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      const zone = (await listZones(hub.db, company.id)).find((z) => z.name === name);
      if (!zone)
        throw new TimbreError(
          "not_found",
          { es: `No existe la zona "${name}".`, en: `No zone named "${name}".` },
          { kind: "not_found" },
        );
      const input = parseWith(ZoneInputSchema, {
        name,
        regions: zone.regions.map((x) => x.code),
        comunas: zone.comunas.map((x) => x.code),
        postalPrefixes: zone.postalPrefixes,
        rate,
        commission,
        position: zone.position,
        active: zone.active,
      });
      return runTransaction(hub.db, (tx) => saveZone(tx, company.id, input, "cli"));
    });
    return {
      json: r,
      text: `Zona ${name}: nueva tarifa y comisión guardadas (los despachos ya tarificados conservan las suyas)`,
    };
  },
};
