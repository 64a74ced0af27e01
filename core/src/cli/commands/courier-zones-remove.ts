import { findCompany } from "../../hub/company/find-company.js";
import { removeZone } from "../../hub/couriers/remove-zone.js";
import { runTransaction } from "../../hub/db/run-transaction.js";
import { optionalString, requireString, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

export const courierZonesRemove: CliCommand = {
  path: ["courier", "zones", "remove"],
  summary: "Elimina una zona (los despachos ya tarificados conservan su tarifa y comisión)",
  usage: "courier zones remove --name <zone> [--company <rut>] [--json]",
  options: { name: { type: "string" }, company: { type: "string" } },
  async run(args) {
    const name = requireString(args, "name");
    await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      await runTransaction(hub.db, (tx) => removeZone(tx, company.id, name, "cli"));
    });
    return { json: { removed: name }, text: `Zona ${name} eliminada` };
  },
};
