import { setStoreWarehouses } from "../../hub/stock/set-store-warehouses.js";
import { UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

export const storeWarehouses: CliCommand = {
  path: ["store", "warehouses"],
  summary: "Define qué bodegas alimentan una tienda (muestra su suma; las ventas reservan de ellas en ese orden)",
  usage: "store warehouses <storeId> <code>... [--json]",
  options: {},
  async run(args) {
    const [storeId, ...codes] = args.positionals;
    if (!storeId || codes.length === 0)
      throw new UsageError("indique el id de la tienda y uno o más códigos de bodega");
    const r = await withHub((hub) => setStoreWarehouses(hub.db, storeId, codes, "cli"));
    return { json: r, text: `La tienda ${r.storeId} se alimenta de: ${r.warehouses.join(" + ")}` };
  },
};
