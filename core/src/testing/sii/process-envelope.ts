/**
 * What the SII does with an envelope after answering REC, in its order: schema (RSC), carátula
 * (RCT), envelope signature (RFR), then each document: its signature, TED against the CAF, the CAF
 * itself (signed by a trusted authority, dates), totals, and whether its folio was already used.
 *
 * Codes in `detalle_rep_rech`: DTE-3-505 (Firma DTE Incorrecta, seen in a real SII answer), CAF-3-517,
 * HED-3-305, DTE-3-100, DTE-3-101 (libredte SiiEnvioAyudas.php), DET-1-200 (public sample answer);
 * TED-3-510, CAF-3-500, CAF-3-501 and HED-3-402 are the emulator's own for cases without a public code.
 */
import { descendant, localName, parseXml, textAt } from "../../hub/sii/xml-text.js";
import type { SiiChannel } from "../../hub/sii/results.js";
import { cafSignatureValid, checkCaf, parseCaf, type Caf } from "../../rules/dte/caf.js";
import { readDte, type DteView } from "../../rules/dte/dte-reader.js";
import { decodeXml } from "../../rules/dte/latin1.js";
import { extractTed } from "../../rules/dte/ted.js";
import { SII_RUT } from "../../rules/dte/types.js";
import { verifyDocument, type VerificationCheck, type VerificationReport } from "../../rules/dte/verify.js";
import { loadSiiSchemas } from "../../sii-schemas.js";
import type { DocumentFinding, ProcessedDocument, ProcessingResult } from "./emulator-state.js";

export interface ProcessingContext {
  channel: SiiChannel;
  /** RUTs the upload form declared (rutSender/dvSender, rutCompany/dvCompany). */
  rutSender: string;
  rutCompany: string;
  /** PEM public keys trusted to sign CAFs (FRMA). */
  cafAuthorities: readonly string[];
  /** Per-issuer folio memory shared by every envelope of the emulator. */
  folios: Map<string, string>;
  receivedAt: Date;
  /** The same file was already received for this company (boletas: RPT). */
  repeated: boolean;
}

/** Root element of an uploaded file, "not-xml" when it does not parse. */
export function sniffEnvelope(bytes: Uint8Array): string {
  try {
    const root = parseXml(decodeXml(bytes)).documentElement;
    return root ? localName(root) : "not-xml";
  } catch {
    return "not-xml";
  }
}

const ROOT_FOR: Record<SiiChannel, string> = { dte: "EnvioDTE", boleta: "EnvioBOLETA" };

function rejected(final: ProcessingResult["final"], errors: string[]): ProcessingResult {
  return { final, errors, documents: [] };
}

/** The DTE elements of an envelope as text, byte for byte (each one's signature is checked on its own text). */
function dteTexts(text: string): string[] {
  const out: string[] = [];
  const open = /<((?:\w+:)?)DTE[\s>]/g;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const close = `</${m[1]}DTE>`;
    const end = text.indexOf(close, m.index);
    if (end < 0) break;
    out.push(text.slice(m.index, end + close.length));
    open.lastIndex = end + close.length;
  }
  return out;
}

/** Carátula rules the generic verifier cannot know: it must match the upload form and go to the SII. */
function caratulaProblems(text: string, ctx: ProcessingContext): string[] {
  const caratula = descendant(parseXml(text), "Caratula");
  if (!caratula) return ["El envío no tiene Carátula."];
  const problems: string[] = [];
  const rutEmisor = textAt(caratula, "RutEmisor");
  const rutEnvia = textAt(caratula, "RutEnvia");
  const rutReceptor = textAt(caratula, "RutReceptor");
  if (rutEmisor !== ctx.rutCompany)
    problems.push(`RutEmisor ${rutEmisor} distinto del RUT de la empresa del upload (${ctx.rutCompany}).`);
  if (rutEnvia !== ctx.rutSender)
    problems.push(`RutEnvia ${rutEnvia} distinto del RUT que envía en el upload (${ctx.rutSender}).`);
  if (rutReceptor !== SII_RUT) problems.push(`RutReceptor ${rutReceptor} no es el SII (${SII_RUT}).`);
  return problems;
}

function finding(
  seccion: string,
  nivel: 1 | 2 | 3,
  codigo: number,
  descripcion: string,
  detalle?: string,
): DocumentFinding {
  return { seccion, nivel, codigo, descripcion, ...(detalle ? { detalle } : {}) };
}

/** The verifier reports totals as one message; line sums alone are an objection, wrong totals a rejection. */
function totalsFinding(check: VerificationCheck): DocumentFinding {
  const wrongTotals = /(^|\. )(MntExe|MntNeto|IVA|MntTotal) es /.test(check.message);
  return wrongTotals
    ? finding("HED", 3, 402, "Error en los Montos Totales", check.message)
    : finding("DET", 1, 200, "Valor Detalle Distinto a Precio * Cantidad", check.message);
}

function cafFindings(caf: Caf, view: DteView, ctx: ProcessingContext): DocumentFinding[] {
  const out: DocumentFinding[] = [];
  const trusted = ctx.cafAuthorities.some((pem) => {
    try {
      return cafSignatureValid(caf, { [caf.idk]: pem }) === true;
    } catch {
      return false;
    }
  });
  if (!trusted)
    out.push(
      finding(
        "CAF",
        3,
        500,
        "CAF No Autorizado por el SII",
        "La firma FRMA del CAF no corresponde a una llave del SII.",
      ),
    );
  for (const p of checkCaf(caf, {
    issueDate: view.issueDate,
    ...(view.timestamp ? { stampedOn: view.timestamp.slice(0, 10) } : {}),
  })) {
    if (p.code === "caf.expired") out.push(finding("CAF", 3, 517, "CAF Vencido", p.es));
    else if (p.code === "caf.not_yet_valid")
      out.push(finding("HED", 3, 305, "Fecha Emision Anterior a Fecha Autorizacion del CAF", p.es));
    else if (p.code === "caf.unknown_idk") out.push(finding("CAF", 3, 501, "CAF con IDK Desconocido", p.es));
  }
  return out;
}

/** What makes a document "the same data": the DD without the CAF and the stamping time. */
function fingerprint(dd: string): string {
  return dd.replace(/<CAF[\s>][\s\S]*<\/CAF>/, "").replace(/<TSTED>[^<]*<\/TSTED>/, "");
}

function processDocument(
  dteText: string,
  report: VerificationReport,
  ctx: ProcessingContext,
): ProcessedDocument | undefined {
  let view: DteView;
  try {
    view = readDte(dteText);
  } catch {
    return undefined;
  }
  const check = (suffix: string) => report.checks.find((c) => c.check === `${view.id}.${suffix}`);
  const findings: DocumentFinding[] = [];
  const signature = check("signature");
  if (signature && !signature.ok) findings.push(finding("DTE", 3, 505, "Firma DTE Incorrecta", signature.message));
  const ted = check("ted");
  if (ted && !ted.ok) findings.push(finding("TED", 3, 510, "Timbre Electronico Incorrecto", ted.message));

  const extracted = extractTed(dteText);
  const cafText = extracted ? /<CAF[\s>][\s\S]*<\/CAF>/.exec(extracted.dd)?.[0] : undefined;
  if (cafText) {
    try {
      findings.push(...cafFindings(parseCaf(cafText), view, ctx));
    } catch {
      // An unreadable CAF already failed the TED check.
    }
  }
  const totals = check("totals");
  if (totals && !totals.ok) findings.push(totalsFinding(totals));

  if (extracted) {
    const key = `${view.issuer.rut}|${view.type}|${view.folio}`;
    const seen = ctx.folios.get(key);
    const mine = fingerprint(extracted.dd);
    if (seen === undefined) ctx.folios.set(key, mine);
    else if (seen === mine)
      findings.push(
        finding("DTE", 3, 100, "DTE Repetido", `El folio ${view.folio} ya fue recibido con estos mismos datos.`),
      );
    else
      findings.push(
        finding(
          "DTE",
          3,
          101,
          "Folio ya Utilizado con Otros Datos",
          `El folio ${view.folio} ya fue usado en otro documento tipo ${view.type}.`,
        ),
      );
  }

  const estado = findings.some((f) => f.nivel === 3) ? "RCH" : findings.length ? "RPR" : "DOK";
  return {
    tipo: view.type,
    folio: view.folio,
    estado,
    rutReceptor: view.receiver.rut,
    fechaEmision: view.issueDate,
    montoTotal: view.totals.total,
    findings,
  };
}

export async function processEnvelope(bytes: Uint8Array, ctx: ProcessingContext): Promise<ProcessingResult> {
  if (bytes.length === 0) return rejected("VOF", ["El envío no trae archivo."]);
  const root = sniffEnvelope(bytes);
  if (root !== ROOT_FOR[ctx.channel]) {
    return rejected("RSC", [
      root === "not-xml"
        ? "El archivo no es un XML bien formado."
        : `Se esperaba ${ROOT_FOR[ctx.channel]} y llegó <${root}>.`,
    ]);
  }
  if (ctx.repeated) return rejected("RPT", ["El mismo envío ya había sido recibido."]);
  const text = decodeXml(bytes);
  // The SII refuses a whole envelope that does not meet the schema (RSC), vendor additions included.
  const report = await verifyDocument(text, { schemas: loadSiiSchemas(), schemaScope: "file" });
  const failed = (name: string) => report.failures.filter((f) => f.check === name).map((f) => f.message);

  const schema = [...failed("xml"), ...failed("schema"), ...failed("dte")];
  if (schema.length) return rejected("RSC", schema);
  const caratula = [...failed("envelope.caratula"), ...caratulaProblems(text, ctx)];
  if (caratula.length) return rejected("RCT", caratula);
  const signature = failed("envelope.signature");
  if (signature.length) return rejected("RFR", signature);

  const documents = dteTexts(text)
    .map((dte) => processDocument(dte, report, ctx))
    .filter((d): d is ProcessedDocument => d !== undefined);
  return { final: "EPR", errors: [], documents };
}
