import { TimbreError } from "../../errors.js";
import { verifyDocument } from "../../rules/dte/verify.js";
import { loadSiiSchemas } from "../../sii-schemas.js";
import { optionalString, UsageError, type CliCommand } from "../command.js";
import { readCafFile, readInputFile } from "./dte-files.js";

export const dteVerify: CliCommand = {
  path: ["dte", "verify"],
  summary: "Verifica un documento del SII (DTE, EnvioDTE, EnvioBOLETA): esquema, firmas, timbre y totales",
  usage: "dte verify <file.xml> [--caf <caf.xml>] [--sii-key <sii-public-key.pem>] [--json]",
  options: { caf: { type: "string" }, "sii-key": { type: "string" } },
  async run(args, io) {
    const file = args.positionals[0];
    if (!file) throw new UsageError("indique el archivo XML a verificar");
    const cafPath = optionalString(args, "caf");
    const siiKeyPath = optionalString(args, "sii-key");
    // The key the SII signs CAFs with, for the FRMA of every CAF embedded in the documents.
    const siiKey = siiKeyPath === undefined ? undefined : readInputFile(siiKeyPath, "--sii-key").toString("utf8");
    const report = await verifyDocument(readInputFile(file, "file"), {
      schemas: loadSiiSchemas(),
      ...(cafPath !== undefined ? { caf: readCafFile(cafPath) } : {}),
      ...(siiKey !== undefined ? { siiKeys: { 100: siiKey, 300: siiKey } } : {}),
    });
    if (!report.ok) {
      // One field per failed check, so both the text and the --json output list every failure.
      const n = report.failures.length;
      throw new TimbreError(
        "dte.verification_failed",
        {
          es: `${file} no pasó la verificación (${n} ${n === 1 ? "problema" : "problemas"}): ${report.failures.map((f) => f.check).join(", ")}.`,
          en: `${file} failed verification (${n} ${n === 1 ? "problem" : "problems"}): ${report.failures.map((f) => f.check).join(", ")}.`,
        },
        { fields: report.failures.map((f) => ({ field: f.check, message: f.message })) },
      );
    }
    // Outside what the SII verifies: said, but the document is valid.
    for (const w of report.warnings) io.err(`aviso: ${w.message}`);
    const docs = report.documents.map((d) => `tipo ${d.type} N° ${d.folio} (${d.id}), total $${d.total}`).join("; ");
    return {
      json: report,
      text: `${file}: ${report.kind} válido — ${docs}\n${report.checks.map((c) => `  ✓ ${c.check}: ${c.message}`).join("\n")}`,
    };
  },
};
