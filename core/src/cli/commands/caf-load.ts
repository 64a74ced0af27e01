import { readFileSync } from "node:fs";
import { loadCaf } from "../../hub/cafs/load-caf.js";
import { findCompany } from "../../hub/company/find-company.js";
import { optionalString, UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

export const cafLoad: CliCommand = {
  path: ["caf", "load"],
  summary: "Carga una autorización de folios (CAF) descargada del SII; su clave privada se guarda cifrada",
  usage: "caf load <caf.xml>... [--company <rut>] [--json]",
  options: { company: { type: "string" } },
  async run(args) {
    if (args.positionals.length === 0) throw new UsageError("indique el o los archivos CAF a cargar");
    const files = args.positionals.map((file) => {
      try {
        return { file, xml: readFileSync(file) };
      } catch {
        throw new UsageError(`no se puede leer ${file}`);
      }
    });
    const loaded = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      const out = [];
      for (const f of files) {
        const { caf, created } = await loadCaf(hub.db, hub.encryptor, {
          companyId: company.id,
          xml: f.xml,
          siiKeys: hub.config.siiKeys,
          actor: "cli",
        });
        out.push({
          file: f.file,
          id: caf.id,
          type: caf.documentType,
          from: caf.folioFrom,
          to: caf.folioTo,
          expiresAt: caf.expiresAt?.toISOString().slice(0, 10) ?? null,
          created,
        });
      }
      return out;
    });
    return {
      json: loaded,
      text: loaded
        .map(
          (c) =>
            `${c.created ? "Loaded" : "Already loaded"}: type ${c.type}, folios ${c.from}–${c.to}${c.expiresAt ? `, usable until ${c.expiresAt}` : ""} (${c.file})`,
        )
        .join("\n"),
    };
  },
};
