import {
  optionalString,
  requireString,
  UsageError,
  type CliCommand,
  type ParsedArgs,
  parseDecimal,
} from "../command.js";
import { setCompany, type CompanyPatch } from "../../hub/company/set-company.js";
import { withHub } from "../hub-session.js";
import { formatCompany } from "./company-format.js";

function integer(args: ParsedArgs, name: string): number | undefined {
  const v = optionalString(args, name);
  if (v === undefined) return undefined;
  return parseDecimal(v, name, { integer: true, min: 0 });
}

export const companySet: CliCommand = {
  path: ["company", "set"],
  summary: "Crea la empresa emisora o cambia sus datos",
  usage:
    "company set --rut <rut> [--name <razón social>] [--activity <giro>] [--acteco <code>]... [--address <dirección>] [--commune <comuna>] [--city <ciudad>] [--email <e-mail>] [--resolution-number <n>] [--resolution-date <YYYY-MM-DD>] [--environment certification|production] [--low-folio-threshold <n>] [--sii-office <oficina>] [--cedible yes|no]",
  options: {
    rut: { type: "string" },
    name: { type: "string" },
    activity: { type: "string" },
    acteco: { type: "string", multiple: true },
    address: { type: "string" },
    commune: { type: "string" },
    city: { type: "string" },
    email: { type: "string" },
    "resolution-number": { type: "string" },
    "resolution-date": { type: "string" },
    environment: { type: "string" },
    "low-folio-threshold": { type: "string" },
    "sii-office": { type: "string" },
    cedible: { type: "string" },
  },
  async run(args) {
    const rut = requireString(args, "rut");
    const actecos = args.values.acteco as string[] | undefined;
    const patch: CompanyPatch = {};
    const put = <K extends keyof CompanyPatch>(k: K, v: CompanyPatch[K] | undefined) => {
      if (v !== undefined) patch[k] = v;
    };
    put("businessName", optionalString(args, "name"));
    put("activity", optionalString(args, "activity"));
    put(
      "actecos",
      actecos?.map((a) => {
        if (!/^\d+$/.test(a)) throw new UsageError(`--acteco debe ser un código de actividad numérico, no "${a}"`);
        return Number(a);
      }),
    );
    put("address", optionalString(args, "address"));
    put("commune", optionalString(args, "commune"));
    put("city", optionalString(args, "city"));
    put("email", optionalString(args, "email"));
    put("resolutionNumber", integer(args, "resolution-number"));
    put("resolutionDate", optionalString(args, "resolution-date"));
    put("environment", optionalString(args, "environment") as CompanyPatch["environment"]);
    put("lowFolioThreshold", integer(args, "low-folio-threshold"));
    put("siiOffice", optionalString(args, "sii-office"));
    const cedible = optionalString(args, "cedible");
    if (cedible !== undefined && cedible !== "yes" && cedible !== "no")
      throw new UsageError(`--cedible es yes o no, no "${cedible}"`);
    if (cedible !== undefined) put("printCedible", cedible === "yes");
    const { company, created } = await withHub((hub) => setCompany(hub.db, rut, patch, "cli"));
    return {
      json: { ...company, created },
      text: `${created ? "Empresa creada" : "Empresa actualizada"}:\n${formatCompany(company)}`,
    };
  },
};
