import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TimbreError } from "../../errors.js";
import { loadSiiSchemas } from "../../sii-schemas.js";
import { assertCertificateValid, loadCertificate, type SigningCertificate } from "../../rules/dte/certificate.js";
import { issueDte } from "../../rules/dte/issue.js";
import { latin1Bytes } from "../../rules/dte/latin1.js";
import { renderPdf } from "../../rules/dte/pdf.js";
import { parseDteRequest } from "../../rules/dte/request.js";
import { DOCUMENT_NAMES } from "../../rules/dte/types.js";
import { verifyDocument } from "../../rules/dte/verify.js";
import { normalizeRut } from "../../rules/rut.js";
import { optionalString, requireString, UsageError, type CliCommand, type ParsedArgs } from "../command.js";
import { readCafFile, readInputFile } from "./dte-files.js";

function certificate(args: ParsedArgs): SigningCertificate {
  const pfx = optionalString(args, "pfx");
  const key = optionalString(args, "key");
  const cert = optionalString(args, "cert");
  if (pfx !== undefined) {
    if (key !== undefined || cert !== undefined) throw new UsageError("use --pfx/--password o --key/--cert, no ambos");
    const password = args.values.password;
    if (typeof password !== "string") throw new UsageError("falta --password para el --pfx");
    return loadCertificate({ pfx: readInputFile(pfx, "--pfx"), password });
  }
  if (key === undefined || cert === undefined)
    throw new UsageError(
      "indique el certificado: --pfx <archivo> --password <clave>, o --key <key.pem> --cert <cert.pem>",
    );
  return loadCertificate({
    keyPem: readInputFile(key, "--key").toString("utf8"),
    certPem: readInputFile(cert, "--cert").toString("utf8"),
  });
}

function money(n: number): string {
  return `$${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".")}`;
}

export const dteIssue: CliCommand = {
  path: ["dte", "issue"],
  summary: "Emite un documento del SII: el DTE firmado, el envío que lo lleva y su PDF",
  usage:
    "dte issue --request <req.json> --caf <caf.xml> (--pfx <cert.p12> --password <pw> | --key <key.pem> --cert <cert.pem>) [--folio <n>] [--sender-rut <rut>] [--environment certification|production] [--sii-office <text>] [--sii-key <sii-public-key.pem>] --out <dir> [--json]",
  options: {
    request: { type: "string" },
    caf: { type: "string" },
    pfx: { type: "string" },
    password: { type: "string" },
    key: { type: "string" },
    cert: { type: "string" },
    folio: { type: "string" },
    "sender-rut": { type: "string" },
    environment: { type: "string" },
    "sii-office": { type: "string" },
    "sii-key": { type: "string" },
    out: { type: "string" },
  },
  async run(args, io) {
    const requestPath = requireString(args, "request");
    const out = requireString(args, "out");
    const folioText = optionalString(args, "folio");
    if (folioText !== undefined && !/^\d+$/.test(folioText))
      throw new UsageError(`--folio debe ser un número entero, no "${folioText}"`);
    const environment = optionalString(args, "environment");
    if (environment !== undefined && environment !== "certification" && environment !== "production") {
      throw new UsageError(`--environment es certification o production, no "${environment}"`);
    }
    let json: unknown;
    try {
      json = JSON.parse(readInputFile(requestPath, "--request").toString("utf8"));
    } catch (e) {
      if (e instanceof TimbreError) throw e;
      const es = `${requestPath} no es JSON válido: ${(e as Error).message}`;
      throw new TimbreError(
        "dte.request_json",
        { es, en: `${requestPath} is not valid JSON: ${(e as Error).message}` },
        { fields: [{ field: "--request", message: es }] },
      );
    }
    const request = parseDteRequest(json);
    const caf = readCafFile(requireString(args, "caf"));
    // With the SII's CAF-signing key, the CAF's FRMA is checked too.
    const siiKey = optionalString(args, "sii-key");
    const cert = certificate(args);
    const now = new Date();
    assertCertificateValid(cert, now);
    // RutEnvia: the certificate holder's RUT when the certificate carries it, else --sender-rut.
    const flagRut = optionalString(args, "sender-rut");
    const senderRut = cert.rut ?? (flagRut === undefined ? undefined : normalizeRut(flagRut, "--sender-rut"));
    if (cert.rut && flagRut !== undefined && normalizeRut(flagRut, "--sender-rut") !== cert.rut) {
      io.err(`aviso: --sender-rut ignorado: el certificado es de ${cert.rut}`);
    }
    const issued = issueDte({
      request,
      caf,
      certificate: cert,
      folio: folioText === undefined ? caf.range.from : Number(folioText),
      timestamp: now,
      ...(senderRut !== undefined ? { senderRut } : {}),
      ...(environment !== undefined ? { environment } : {}),
      ...(siiKey !== undefined ? { siiKeys: { [caf.idk]: readInputFile(siiKey, "--sii-key").toString("utf8") } } : {}),
    });
    const { built } = issued;
    for (const w of built.warnings) io.err(`aviso: ${w.field}: ${w.message}`);

    // Whatever we write must pass our own verifier: schema, both signatures, TED, totals.
    const envelopeBytes = latin1Bytes(issued.envelope);
    const check = await verifyDocument(envelopeBytes, { schemas: loadSiiSchemas(), caf });
    if (!check.ok) {
      throw new TimbreError(
        "dte.self_check_failed",
        {
          es: "El documento generado no pasó la verificación; no se escribió nada.",
          en: "The generated document failed verification; nothing was written.",
        },
        { kind: "internal", fields: check.failures.map((f) => ({ field: f.check, message: f.message })) },
      );
    }
    const siiOffice = optionalString(args, "sii-office");
    const pdf = await renderPdf(issued.signedDte, {
      resolution: built.request.issuer.resolution,
      ...(siiOffice !== undefined ? { siiOffice } : {}),
    });

    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "dte.xml"), latin1Bytes(issued.signedDte));
    writeFileSync(join(out, "envio.xml"), envelopeBytes);
    writeFileSync(join(out, "dte.pdf"), pdf);

    const t = built.totals;
    return {
      json: {
        type: built.type,
        folio: built.folio,
        totals: { net: t.net, exempt: t.exempt, iva: t.iva, total: t.total },
      },
      text:
        `${DOCUMENT_NAMES[built.type]} N° ${built.folio}: neto ${money(t.net)}, exento ${money(t.exempt)}, IVA ${money(t.iva)}, total ${money(t.total)}\n` +
        `  ${join(out, "dte.xml")}\n  ${join(out, "envio.xml")} (${issued.kind})\n  ${join(out, "dte.pdf")}`,
    };
  },
};
