import { listShippingMethods } from "../../hub/couriers/shipping-methods.js";
import type { CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";
import { storeIdOption } from "./courier-cli.js";

export const courierMethods: CliCommand = {
  path: ["courier", "methods"],
  summary: "Cómo se entregan los métodos de envío de una tienda (reparto propio, transportista externo, retiro)",
  usage: "courier methods --store <storeId> [--json]",
  options: { store: { type: "string" } },
  async run(args) {
    const storeId = storeIdOption(args);
    const rows = await withHub((hub) => listShippingMethods(hub.db, storeId));
    return {
      json: rows,
      text:
        rows.length === 0
          ? 'Sin asociaciones: los despachos quedan pendientes hasta que exista una (`timbre courier methods set --store … --method "*" --mode own_courier`).'
          : rows.map((r) => `${r.method.padEnd(30)} ${r.mode}${r.carrier ? ` (${r.carrier})` : ""}`).join("\n"),
    };
  },
};
