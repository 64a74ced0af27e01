import { optionalString, type CliCommand } from "../command.js";
import { companyView } from "../../hub/company/company-view.js";
import { findCompany } from "../../hub/company/find-company.js";
import { normalizeRut } from "../../rules/rut.js";
import { withHub } from "../hub-session.js";
import { formatCompany } from "./company-format.js";

export const companyShow: CliCommand = {
  path: ["company", "show"],
  summary: "Muestra la empresa emisora",
  usage: "company show [--rut <rut>] [--json]",
  options: { rut: { type: "string" } },
  async run(args) {
    const rut = optionalString(args, "rut");
    const company = await withHub(async (hub) =>
      companyView(await findCompany(hub.db, rut === undefined ? undefined : normalizeRut(rut))),
    );
    return { json: company, text: formatCompany(company) };
  },
};
