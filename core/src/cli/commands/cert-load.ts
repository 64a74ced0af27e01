import { readFileSync } from "node:fs";
import { loadCompanyCertificate } from "../../hub/certificates/load-certificate.js";
import { findCompany } from "../../hub/company/find-company.js";
import { optionalString, UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

export const certLoad: CliCommand = {
  path: ["cert", "load"],
  summary: "Carga el certificado de firma de la empresa (.p12/.pfx); se guarda cifrado",
  usage:
    "cert load <cert.p12> --password <password> [--company <rut>] [--json]  |  cert load --key <key.pem> --cert <cert.pem>",
  options: {
    password: { type: "string" },
    key: { type: "string" },
    cert: { type: "string" },
    company: { type: "string" },
  },
  async run(args) {
    const read = (file: string) => {
      try {
        return readFileSync(file);
      } catch {
        throw new UsageError(`no se puede leer ${file}`);
      }
    };
    const pfxFile = args.positionals[0];
    const keyFile = optionalString(args, "key");
    const certFile = optionalString(args, "cert");
    let source;
    if (pfxFile) {
      const password = optionalString(args, "password") ?? process.env.TIMBRE_CERT_PASSWORD;
      if (password === undefined)
        throw new UsageError("falta --password para el .p12/.pfx (o defina TIMBRE_CERT_PASSWORD)");
      source = { pfx: read(pfxFile), password };
    } else if (keyFile && certFile) {
      source = { keyPem: read(keyFile).toString("utf8"), certPem: read(certFile).toString("utf8") };
    } else {
      throw new UsageError("indique un archivo .p12/.pfx con --password, o --key y --cert");
    }
    const row = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      return loadCompanyCertificate(hub.db, hub.encryptor, { companyId: company.id, source, actor: "cli" });
    });
    const view = {
      id: row.id,
      subject: row.subjectName,
      rut: row.subjectRut,
      validTo: row.notAfter.toISOString().slice(0, 10),
    };
    return {
      json: view,
      text: `Certificado cargado: ${view.subject}${view.rut ? ` (RUT ${view.rut})` : ""}, vigente hasta ${view.validTo}.`,
    };
  },
};
