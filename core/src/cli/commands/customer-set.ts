import { findCompany } from "../../hub/company/find-company.js";
import { setCustomerPriceList } from "../../hub/customers/set-customer-price-list.js";
import { optionalString, UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

export const customerSet: CliCommand = {
  path: ["customer", "set"],
  summary:
    "Da a un cliente su propia lista de precios (un distribuidor); en Magento queda en el grupo de clientes de esa lista",
  usage: "customer set <code|rut|email> (--price-list <name> | --no-price-list) [--company <rut>] [--json]",
  options: {
    "price-list": { type: "string" },
    "no-price-list": { type: "boolean" },
    company: { type: "string" },
  },
  async run(args) {
    const ref = args.positionals[0];
    if (!ref) throw new UsageError("give the customer's code, RUT or e-mail");
    const list = optionalString(args, "price-list");
    const none = args.values["no-price-list"] === true;
    if ((list === undefined) === !none) throw new UsageError("give --price-list <name> or --no-price-list");
    const c = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      return setCustomerPriceList(hub.db, company.id, ref, none ? null : list!, "cli");
    });
    return {
      json: c,
      text: c.priceList
        ? `${c.code}: lista de precios ${c.priceList}`
        : `${c.code}: sin lista de precios propia (usa la de la tienda)`,
    };
  },
};
