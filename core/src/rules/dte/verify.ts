import { multiplyRounded, percentOf, splitGross, ivaOnNet, IVA_RATE_PERCENT } from "../amounts.js";
import { cafSignatureValid, parseCaf, type Caf, type SiiKeys } from "./caf.js";
import { readDte, type DteView } from "./dte-reader.js";
import { decodeXml } from "./latin1.js";
import { validateSchema, type SiiSchemas } from "./schema-validation.js";
import { extractTed, verifyTed } from "./ted.js";
import { isBoleta, isExemptType, SII_NAMESPACE } from "./types.js";
import { verifyEnvelopedSignature } from "./xmldsig-verify.js";

/**
 * Verification of any SII document, ours or not: schema, every signature, each TED against the CAF key
 * inside it, totals recomputed (sii.md §11). Each DTE's signature is checked on the extracted DTE
 * text, as the SII does (sii.md §7).
 */

export interface VerificationCheck {
  /** "schema", "envelope.signature", "envelope.caratula", "T39F1.signature", "T39F1.ted", "T39F1.totals", "T39F1.caf". */
  check: string;
  ok: boolean;
  /** Spanish, for the merchant. */
  message: string;
}

export interface VerifiedDocument {
  id: string;
  type: number;
  folio: number;
  issuerRut: string;
  total: number;
}

export interface VerificationReport {
  ok: boolean;
  kind: "EnvioDTE" | "EnvioBOLETA" | "DTE" | "unknown";
  documents: VerifiedDocument[];
  checks: VerificationCheck[];
  failures: VerificationCheck[];
  /** What is not right but is outside what the SII verifies (e.g. unsigned vendor elements in a DTE). */
  warnings: VerificationCheck[];
}

export interface VerifyOptions {
  /** The SII XSDs (`loadSiiSchemas()`); without them the schema is not checked and no "schema" check is listed. */
  schemas?: SiiSchemas;
  /** The CAF the documents should have been stamped with. */
  caf?: Caf;
  /** SII keys by IDK: when given, the FRMA of each embedded CAF is checked too. */
  siiKeys?: SiiKeys;
  /**
   * "document" (default): what the SII verifies of each DTE is its signed Documento, so elements a
   * vendor added after signing (outside Documento and its Signature) are a warning, not a failure.
   * "file": the whole file must meet the schema, as the SII's reception of an envelope demands.
   */
  schemaScope?: "document" | "file";
}

/** Rounding conventions differ between issuers by a peso; totals must match exactly. */
const LINE_TOLERANCE = 1;

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

/**
 * The file with, inside each DTE, only the signed Documento and its Signature: whatever else a DTE
 * carries is outside the signature. Returns the names of what was left out.
 */
function signedPartOnly(text: string): { text: string; removed: string[] } {
  const removed: string[] = [];
  const out = text.replace(
    /(<((?:\w+:)?)DTE\b[^>]*>)([\s\S]*?)(<\/\2DTE>)/g,
    (_all, open: string, p: string, body: string, close: string) => {
      const documento = new RegExp(`<${p}Documento\\b[\\s\\S]*?<\\/${p}Documento>`).exec(body)?.[0];
      const signature = /<(?:\w+:)?Signature\b[\s\S]*?<\/(?:\w+:)?Signature>/.exec(body)?.[0];
      if (!documento) return open + body + close;
      let rest = body.replace(documento, "");
      if (signature) rest = rest.replace(signature, "");
      for (const m of rest.matchAll(/<((?:\w+:)?\w+)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1>)/g)) removed.push(m[1]!);
      return open + documento + (signature ?? "") + close;
    },
  );
  return { text: out, removed };
}

function verifyDteSignature(dteText: string, id: string): { ok: boolean; message: string } {
  const asIs = verifyEnvelopedSignature(dteText, id);
  if (asIs.ok) return asIs;
  const startTag = /^<DTE\b[^>]*>/.exec(dteText)?.[0];
  if (startTag && !/\sxmlns\s*=/.test(startTag)) {
    // Signed as <DTE xmlns="http://www.sii.cl/SiiDte"> and stored without it (the SII's own portal does).
    const withNs = verifyEnvelopedSignature(dteText.replace(/^<DTE\b/, `<DTE xmlns="${SII_NAMESPACE}"`), id);
    if (withNs.ok) return { ok: true, message: `${withNs.message} (firmado con el espacio de nombres SiiDte)` };
  }
  return asIs;
}

function recomputeTotals(d: DteView): string[] {
  const problems: string[] = [];
  let taxable = 0;
  let exempt = 0;
  for (const l of d.lines) {
    if (l.quantity !== undefined && l.unitPrice !== undefined) {
      const expected = multiplyRounded(l.quantity, l.unitPrice) - (l.discountAmount ?? 0) + (l.surchargeAmount ?? 0);
      if (Math.abs(expected - l.amount) > LINE_TOLERANCE) {
        problems.push(
          `Línea ${l.number}: ${l.quantity} × ${l.unitPrice} con descuentos y recargos da ${expected}, no ${l.amount}.`,
        );
      }
    }
    if (l.exemptIndicator === undefined) taxable += l.amount;
    else if (l.exemptIndicator === 1) exempt += l.amount;
  }
  for (const g of d.adjustments) {
    if (g.exemptIndicator === 2) continue;
    const onExempt = g.exemptIndicator === 1;
    const base = onExempt ? exempt : taxable;
    const amount = g.valueType === "%" ? percentOf(base, g.value) : Math.round(g.value);
    const delta = g.movement === "D" ? -amount : amount;
    if (onExempt) exempt += delta;
    else taxable += delta;
  }
  const t = d.totals;
  const expect = (label: string, actual: number | undefined, expected: number) => {
    if ((actual ?? 0) !== expected) problems.push(`${label} es ${actual ?? "(ausente)"} y debería ser ${expected}.`);
  };
  if (isExemptType(d.type)) taxable = 0;
  expect("MntExe", t.exempt, exempt);
  const grossTaxable = (isBoleta(d.type) && !d.netLines) || d.grossLines;
  if (grossTaxable) {
    if (t.net !== undefined || t.iva !== undefined) {
      const split = splitGross(taxable);
      expect("MntNeto", t.net, split.net);
      expect("IVA", t.iva, split.iva);
    }
    if (!t.hasOtherTaxes) expect("MntTotal", t.total, taxable + exempt);
  } else {
    expect("MntNeto", t.net, taxable);
    const rate = t.ivaRate ?? IVA_RATE_PERCENT;
    const iva = rate === IVA_RATE_PERCENT ? ivaOnNet(taxable) : percentOf(taxable, rate);
    expect("IVA", t.iva, iva);
    if (!t.hasOtherTaxes) expect("MntTotal", t.total, taxable + (t.iva ?? 0) + exempt);
  }
  return problems;
}

function tedChecks(
  dteText: string,
  d: DteView,
  options: VerifyOptions,
): { ted: VerificationCheck; caf: VerificationCheck[] } {
  const name = `${d.id}.ted`;
  const extracted = extractTed(dteText);
  if (!extracted) return { ted: { check: name, ok: false, message: "No tiene timbre electrónico (TED)." }, caf: [] };
  const cafText = /<CAF[\s>][\s\S]*<\/CAF>/.exec(extracted.dd)?.[0];
  let embedded: Caf;
  try {
    embedded = parseCaf(cafText ?? "");
  } catch {
    return { ted: { check: name, ok: false, message: "El TED no trae un CAF legible." }, caf: [] };
  }
  const problems: string[] = [];
  if (!verifyTed(extracted, embedded.publicKey))
    problems.push("la firma FRMT no corresponde al DD con la clave del CAF");
  const field = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(extracted.dd)?.[1];
  const pairs: Array<[string, string | undefined, string]> = [
    ["RE", field("RE"), d.issuer.rut],
    ["TD", field("TD"), String(d.type)],
    ["F", field("F"), String(d.folio)],
    ["FE", field("FE"), d.issueDate],
    ["RR", field("RR"), d.receiver.rut],
    ["MNT", field("MNT"), String(d.totals.total)],
  ];
  for (const [tag, inTed, inDoc] of pairs)
    if (inTed !== inDoc) problems.push(`${tag} del timbre (${inTed}) no coincide con el documento (${inDoc})`);
  if (embedded.issuerRut !== d.issuer.rut || embedded.type !== d.type)
    problems.push("el CAF del timbre es de otro emisor o tipo de documento");
  if (d.folio < embedded.range.from || d.folio > embedded.range.to)
    problems.push(`el folio ${d.folio} está fuera del rango del CAF (${embedded.range.from}-${embedded.range.to})`);
  const ted: VerificationCheck = problems.length
    ? { check: name, ok: false, message: `Timbre inválido: ${problems.join("; ")}.` }
    : { check: name, ok: true, message: "Timbre electrónico válido." };
  const caf: VerificationCheck[] = [];
  if (options.caf) {
    const same =
      options.caf.modulus === embedded.modulus &&
      options.caf.exponent === embedded.exponent &&
      options.caf.type === embedded.type &&
      options.caf.issuerRut === embedded.issuerRut;
    caf.push({
      check: `${d.id}.caf`,
      ok: same,
      message: same ? "Timbrado con el CAF indicado." : "El timbre no usa el CAF indicado (otra clave, tipo o emisor).",
    });
  }
  if (options.siiKeys) {
    const valid = cafSignatureValid(embedded, options.siiKeys);
    caf.push({
      check: `${d.id}.caf.signature`,
      ok: valid === true,
      message:
        valid === undefined
          ? `No hay clave del SII para el IDK ${embedded.idk}.`
          : valid
            ? "La firma del CAF (FRMA) es válida con la clave del SII indicada."
            : "La firma del SII en el CAF (FRMA) no es válida.",
    });
  }
  return { ted, caf };
}

export async function verifyDocument(xml: string | Uint8Array, options: VerifyOptions): Promise<VerificationReport> {
  const checks: VerificationCheck[] = [];
  const documents: VerifiedDocument[] = [];
  const warnings: VerificationCheck[] = [];
  const done = (kind: VerificationReport["kind"]): VerificationReport => {
    const failures = checks.filter((c) => !c.ok);
    return { ok: failures.length === 0, kind, documents, checks, failures, warnings };
  };
  let text: string;
  try {
    text = decodeXml(xml);
  } catch (e) {
    checks.push({ check: "xml", ok: false, message: `No se puede leer el archivo: ${(e as Error).message}` });
    return done("unknown");
  }
  const rootName = /<(?:\w+:)?(EnvioDTE|EnvioBOLETA|DTE)[\s>]/.exec(
    text.replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, ""),
  )?.[1];
  if (!rootName) {
    checks.push({ check: "xml", ok: false, message: "No es un DTE, EnvioDTE ni EnvioBOLETA." });
    return done("unknown");
  }
  const kind = rootName as VerificationReport["kind"];

  if (options.schemas) {
    const whole = await validateSchema(text, options.schemas);
    let schema = whole;
    let outside: string[] = [];
    if (!whole.valid && options.schemaScope !== "file") {
      const signed = signedPartOnly(text);
      if (signed.removed.length > 0) {
        const part = await validateSchema(signed.text, options.schemas);
        if (part.valid) {
          schema = part;
          outside = signed.removed;
          warnings.push({
            check: "schema.unsigned",
            ok: false,
            message: `Fuera del documento firmado hay elementos que el esquema no admite (${outside.join(", ")}); el SII verifica solo el Documento firmado. ${whole.errors.join(" | ")}`,
          });
        }
      }
    }
    checks.push({
      check: "schema",
      ok: schema.valid,
      message: schema.valid
        ? `Cumple el esquema ${schema.schema}${outside.length ? " en lo firmado (Documento y firma)" : ""}.${schema.notes.length ? ` ${schema.notes.join(" ")}` : ""}`
        : `No cumple el esquema ${schema.schema}: ${schema.errors.join(" | ")}`,
    });
  }

  const dtes = dteTexts(text);
  const views: DteView[] = [];
  for (const dteText of dtes) {
    let d: DteView;
    try {
      d = readDte(dteText);
    } catch (e) {
      checks.push({ check: "dte", ok: false, message: `Un DTE no se puede leer: ${(e as Error).message}` });
      continue;
    }
    views.push(d);
    documents.push({ id: d.id, type: d.type, folio: d.folio, issuerRut: d.issuer.rut, total: d.totals.total });
    const sig = verifyDteSignature(dteText, d.id);
    checks.push({ check: `${d.id}.signature`, ok: sig.ok, message: sig.message });
    const { ted, caf } = tedChecks(dteText, d, options);
    checks.push(ted, ...caf);
    const totals = recomputeTotals(d);
    checks.push({
      check: `${d.id}.totals`,
      ok: totals.length === 0,
      message: totals.length ? totals.join(" ") : "Totales correctos.",
    });
  }
  if (dtes.length === 0) checks.push({ check: "dte", ok: false, message: "No contiene documentos (DTE)." });

  if (kind !== "DTE") {
    const sig = verifyEnvelopedSignature(text, /<(?:\w+:)?SetDTE\b[^>]*\sID="([^"]+)"/.exec(text)?.[1] ?? "");
    checks.push({ check: "envelope.signature", ok: sig.ok, message: sig.message });
    const counts = new Map<number, number>();
    for (const d of views) counts.set(d.type, (counts.get(d.type) ?? 0) + 1);
    const declared = [
      ...text.matchAll(/<(?:\w+:)?TpoDTE>\s*(\d+)\s*<\/(?:\w+:)?TpoDTE>\s*<(?:\w+:)?NroDTE>\s*(\d+)\s*</g),
    ].map((m) => [Number(m[1]), Number(m[2])] as const);
    const issuer = /<(?:\w+:)?RutEmisor>([^<]+)</.exec(text)?.[1]?.trim();
    const problems: string[] = [];
    for (const [t, n] of declared)
      if (counts.get(t) !== n) problems.push(`SubTotDTE dice ${n} documentos tipo ${t} y hay ${counts.get(t) ?? 0}`);
    for (const [t, n] of counts)
      if (!declared.some(([dt]) => dt === t)) problems.push(`faltan en SubTotDTE los ${n} documentos tipo ${t}`);
    for (const d of views)
      if (d.issuer.rut !== issuer) problems.push(`${d.id} es del emisor ${d.issuer.rut}, no de ${issuer}`);
    checks.push({
      check: "envelope.caratula",
      ok: problems.length === 0,
      message: problems.length ? `Carátula inconsistente: ${problems.join("; ")}.` : "Carátula consistente.",
    });
  }
  return done(kind);
}
