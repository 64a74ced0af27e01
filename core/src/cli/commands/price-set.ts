import { setPrices } from "../../hub/catalog/set-prices.js";
import { findCompany } from "../../hub/company/find-company.js";
import { optionalString, requireString, type CliCommand, parseDecimal } from "../command.js";
import { withHub } from "../hub-session.js";

export const priceSet: CliCommand = {
  path: ["price", "set"],
  summary:
    "Fija el precio de un SKU en una lista de precios (asigne listas a tiendas con `store sync-settings --price-list`)",
  usage: "price set --list <name> --sku <sku> --price <CLP> [--company <rut>] [--json]",
  options: {
    list: { type: "string" },
    sku: { type: "string" },
    price: { type: "string" },
    company: { type: "string" },
  },
  async run(args) {
    const list = requireString(args, "list");
    const sku = requireString(args, "sku");
    const price = parseDecimal(requireString(args, "price"), "price", { integer: true, min: 0 });
    const r = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      return setPrices(hub.db, company.id, list, [{ sku, price }], "cli");
    });
    return {
      json: { list: r.list, sku, price },
      text: `${sku} en la lista ${r.list}: $${price.toLocaleString("es-CL")}`,
    };
  },
};
