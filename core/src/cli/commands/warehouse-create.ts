import { findCompany } from "../../hub/company/find-company.js";
import { createWarehouse } from "../../hub/stock/create-warehouse.js";
import { optionalString, requireString, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

export const warehouseCreate: CliCommand = {
  path: ["warehouse", "create"],
  summary: "Crea una bodega; la primera es la que alimenta por defecto a las tiendas sin bodega propia",
  usage: "warehouse create --code <code> --name <name> [--default] [--company <rut>] [--json]",
  options: {
    code: { type: "string" },
    name: { type: "string" },
    default: { type: "boolean" },
    company: { type: "string" },
  },
  async run(args) {
    const code = requireString(args, "code");
    const name = requireString(args, "name");
    const w = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      return createWarehouse(hub.db, company.id, { code, name, isDefault: args.values.default === true }, "cli");
    });
    const json = { id: w.id, code: w.code, name: w.name, isDefault: w.isDefault };
    return { json, text: `Bodega ${w.code} (${w.name}) creada${w.isDefault ? ", por omisión" : ""}: ${w.id}` };
  },
};
