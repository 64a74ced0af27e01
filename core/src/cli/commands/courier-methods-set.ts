import { TimbreError } from "../../errors.js";
import { saveShippingMethod, ShippingMethodInputSchema } from "../../hub/couriers/shipping-methods.js";
import { runTransaction } from "../../hub/db/run-transaction.js";
import { optionalString, requireString, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";
import { parseWith, storeIdOption } from "./courier-cli.js";

export const courierMethodsSet: CliCommand = {
  path: ["courier", "methods", "set"],
  summary:
    'Asocia un método de envío de la tienda ("*" para los demás) a reparto propio, transportista externo o retiro',
  usage:
    'courier methods set --store <storeId> --method <name|"*"> --mode own_courier|carrier|pickup [--carrier <name>] [--json]',
  options: {
    store: { type: "string" },
    method: { type: "string" },
    mode: { type: "string" },
    carrier: { type: "string" },
  },
  async run(args) {
    const storeId = storeIdOption(args);
    const input = parseWith(ShippingMethodInputSchema, {
      method: requireString(args, "method"),
      mode: requireString(args, "mode"),
      ...(optionalString(args, "carrier") ? { carrier: optionalString(args, "carrier") } : {}),
    });
    const r = await withHub(async (hub) => {
      const store = await hub.db.store.findUnique({ where: { id: storeId }, select: { id: true, companyId: true } });
      if (!store)
        throw new TimbreError(
          "not_found",
          { es: "No existe esa tienda.", en: "No such store." },
          { kind: "not_found" },
        );
      return runTransaction(hub.db, (tx) => saveShippingMethod(tx, store, input, "cli"), { retryOn: ["23505"] });
    });
    return { json: r, text: `${r.method} → ${r.mode}${r.carrier ? ` (${r.carrier})` : ""}` };
  },
};
