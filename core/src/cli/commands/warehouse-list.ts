import { findCompany } from "../../hub/company/find-company.js";
import { optionalString, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

export const warehouseList: CliCommand = {
  path: ["warehouse", "list"],
  summary: "Lista las bodegas y las tiendas que alimenta cada una",
  usage: "warehouse list [--company <rut>] [--json]",
  options: { company: { type: "string" } },
  async run(args) {
    const rows = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      const ws = await hub.db.warehouse.findMany({
        where: { companyId: company.id },
        include: { stores: { include: { store: true } } },
        orderBy: { code: "asc" },
      });
      return ws.map((w) => ({
        id: w.id,
        code: w.code,
        name: w.name,
        isDefault: w.isDefault,
        stores: w.stores.map((s) => ({ id: s.storeId, name: s.store.name, priority: s.priority })),
      }));
    });
    const text =
      rows.length === 0
        ? "No hay bodegas. Cree una con `timbre warehouse create --code <código> --name <nombre>`."
        : rows
            .map(
              (w) =>
                `${w.code.padEnd(10)} ${w.name}${w.isDefault ? "  (por omisión)" : ""}${w.stores.length ? `  → ${w.stores.map((s) => s.name).join(", ")}` : ""}`,
            )
            .join("\n");
    return { json: rows, text };
  },
};
