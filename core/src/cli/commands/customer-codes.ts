import { setCustomerCodes } from "../../hub/customers/set-customer-codes.js";
import { findCompany } from "../../hub/company/find-company.js";
import { optionalString, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

export const customerCodes: CliCommand = {
  path: ["customer", "codes"],
  summary: "Define los prefijos de los códigos de cliente nuevos (los invitados tienen el suyo, p. ej. INV-000123)",
  usage: "customer codes [--guest-prefix <prefix>] [--account-prefix <prefix>] [--company <rut>] [--json]",
  options: { "guest-prefix": { type: "string" }, "account-prefix": { type: "string" }, company: { type: "string" } },
  async run(args) {
    const guestPrefix = optionalString(args, "guest-prefix");
    const accountPrefix = optionalString(args, "account-prefix");
    const r = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      return setCustomerCodes(
        hub.db,
        company.id,
        { ...(guestPrefix ? { guestPrefix } : {}), ...(accountPrefix ? { accountPrefix } : {}) },
        "cli",
      );
    });
    const n = String(r.nextNumber).padStart(6, "0");
    return {
      json: r,
      text: `Próximos códigos: invitados ${r.guestPrefix}${n}, clientes con cuenta ${r.accountPrefix}${n}`,
    };
  },
};
