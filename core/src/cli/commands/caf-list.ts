import { companyFolios } from "../../hub/cafs/company-folios.js";
import { findCompany } from "../../hub/company/find-company.js";
import { optionalString, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

export const cafList: CliCommand = {
  path: ["caf", "list"],
  summary: "Folios que quedan por tipo de documento, con avisos cuando quedan pocos o un CAF está por vencer",
  usage: "caf list [--company <rut>] [--json]",
  options: { company: { type: "string" } },
  async run(args) {
    const folios = await withHub(async (hub) =>
      companyFolios(hub.db, (await findCompany(hub.db, optionalString(args, "company"))).id),
    );
    const lines = folios.stock.map(
      (s) =>
        `type ${String(s.documentType).padEnd(3)} ${String(s.remaining).padStart(7)} folios left${s.expiresAt ? `, usable until ${s.expiresAt.slice(0, 10)}` : ""}`,
    );
    const warnings = folios.warnings.map((w) => `! ${w.message.es}`);
    const annul = folios.toAnnul.length
      ? [
          `Folios to annul at the SII (rejected documents): ${folios.toAnnul.map((v) => `type ${v.documentType} #${v.folio}`).join(", ")}`,
        ]
      : [];
    return {
      json: folios,
      text: [
        ...(lines.length ? lines : ["No CAF loaded yet: `timbre caf load <caf.xml>`."]),
        ...warnings,
        ...annul,
      ].join("\n"),
    };
  },
};
