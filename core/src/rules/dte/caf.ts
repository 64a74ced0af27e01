import { createPrivateKey, createPublicKey, verify, type KeyObject } from "node:crypto";
import { TimbreError } from "../../errors.js";
import { isValidRut } from "../rut.js";
import { decodeXml, escapeXml } from "./latin1.js";
import { EXPIRING_CAF_TYPES } from "./types.js";
import { child, childText, parseXml } from "./xml-dom.js";

/** CAF: the folio authorisation file the SII hands out per document type and range (sii.md §5). */

export type SiiEnvironment = "certification" | "production";

/** IDK of the SII key that signed the CAF: 100 in certification (maullin), 300 in production (palena). */
export const ENVIRONMENT_IDK: Record<SiiEnvironment, number> = { certification: 100, production: 300 };

/** Public keys the SII signs CAFs with (FRMA), by IDK: PEM public key or certificate, or a KeyObject. */
export type SiiKeys = Readonly<Record<number, string | KeyObject>>;

export interface Caf {
  issuerRut: string;
  issuerName: string;
  type: number;
  range: { from: number; to: number };
  /** FA, YYYY-MM-DD. */
  authorizedOn: string;
  idk: number;
  /** RSAPK modulus and exponent, base64 as in the file. */
  modulus: string;
  exponent: string;
  /** FRMA: the SII's signature over DA. */
  signature: string;
  /** `<CAF version="1.0">…</CAF>` with no whitespace between tags: exactly what goes into every DD. */
  cafXml: string;
  /** `<DA>…</DA>` flattened the same way: what FRMA signs. */
  daXml: string;
  publicKey: KeyObject;
  /** RSASK; absent in a CAF copied out of a document. */
  privateKey: KeyObject | undefined;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** An element with no whitespace between tags, text escaped as the TED requires (sii.md §6). */
export function flattenElement(el: Element): string {
  let s = `<${el.tagName}`;
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    s += ` ${a.name}="${escapeXml(a.value)}"`;
  }
  s += ">";
  let hasElements = false;
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === ELEMENT_NODE) hasElements = true;
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === ELEMENT_NODE) s += flattenElement(n as Element);
    else if (n.nodeType === TEXT_NODE || n.nodeType === 4) {
      const t = n.nodeValue ?? "";
      if (!(hasElements && t.trim() === "")) s += escapeXml(t);
    }
  }
  return `${s}</${el.tagName}>`;
}

function cafError(code: string, es: string, en: string, detail?: string): TimbreError {
  return new TimbreError(code, { es, en }, { fields: [{ field: "caf", message: es }], ...(detail ? { detail } : {}) });
}

function b64url(b64: string): string {
  return Buffer.from(b64, "base64").toString("base64url");
}

/** RSASK as found in CAF files: PKCS#1 or PKCS#8 PEM, sometimes with its line breaks lost. */
function readPrivateKey(text: string): KeyObject {
  const m = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) throw new Error("no PEM block");
  const body = m[2]!.replace(/\s+/g, "").replace(/(.{64})/g, "$1\n");
  return createPrivateKey(`-----BEGIN ${m[1]}-----\n${body}\n-----END ${m[1]}-----\n`);
}

/** Reads a CAF (the AUTORIZACION file, or a bare CAF element such as the one inside a TED). */
export function parseCaf(input: string | Uint8Array): Caf {
  let doc: Document;
  try {
    doc = parseXml(decodeXml(input));
  } catch (e) {
    throw cafError(
      "caf.invalid",
      "El archivo CAF no es un XML válido.",
      "The CAF file is not valid XML.",
      (e as Error).message,
    );
  }
  const root = doc.documentElement!;
  const cafEl = root.localName === "CAF" ? root : child(root, "CAF");
  const da = child(cafEl, "DA");
  const rsapk = child(da, "RSAPK");
  const fields = {
    RE: childText(da, "RE"),
    RS: childText(da, "RS"),
    TD: childText(da, "TD"),
    D: childText(child(da, "RNG"), "D"),
    H: childText(child(da, "RNG"), "H"),
    FA: childText(da, "FA"),
    M: childText(rsapk, "M"),
    E: childText(rsapk, "E"),
    IDK: childText(da, "IDK"),
    FRMA: childText(cafEl, "FRMA"),
  };
  const missing = Object.entries(fields)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (!cafEl || !da || missing.length > 0) {
    throw cafError(
      "caf.invalid",
      `El archivo no es un CAF del SII (falta ${missing.join(", ") || "CAF/DA"}).`,
      `The file is not an SII CAF (missing ${missing.join(", ") || "CAF/DA"}).`,
    );
  }
  const f = fields as Record<keyof typeof fields, string>;
  const range = { from: Number(f.D), to: Number(f.H) };
  if (
    !isValidRut(f.RE) ||
    !/^\d+$/.test(f.TD) ||
    !(range.from >= 1 && range.to >= range.from) ||
    !/^\d{4}-\d{2}-\d{2}$/.test(f.FA)
  ) {
    throw cafError(
      "caf.invalid",
      "El CAF tiene datos inválidos (RUT, tipo, rango o fecha).",
      "The CAF has invalid data (RUT, type, range or date).",
    );
  }
  const cafXml = flattenElement(cafEl);
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u00ff]/.test(cafXml)) {
    throw cafError(
      "caf.invalid",
      "El CAF tiene caracteres fuera de ISO-8859-1.",
      "The CAF has characters outside ISO-8859-1.",
    );
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: { kty: "RSA", n: b64url(f.M), e: b64url(f.E) }, format: "jwk" });
  } catch (e) {
    throw cafError(
      "caf.invalid",
      "La clave pública del CAF (RSAPK) no es válida.",
      "The CAF public key (RSAPK) is invalid.",
      (e as Error).message,
    );
  }
  let privateKey: KeyObject | undefined;
  const rsask = childText(root, "RSASK");
  if (rsask) {
    try {
      privateKey = readPrivateKey(rsask);
    } catch (e) {
      throw cafError(
        "caf.invalid",
        "La clave privada del CAF (RSASK) no es válida.",
        "The CAF private key (RSASK) is invalid.",
        (e as Error).message,
      );
    }
    if (privateKey.export({ format: "jwk" }).n !== b64url(f.M)) {
      throw cafError(
        "caf.key_mismatch",
        "La clave privada del CAF no corresponde a su clave pública.",
        "The CAF private key does not match its public key.",
      );
    }
  }
  return {
    issuerRut: f.RE,
    issuerName: f.RS,
    type: Number(f.TD),
    range,
    authorizedOn: f.FA,
    idk: Number(f.IDK),
    modulus: f.M,
    exponent: f.E,
    signature: f.FRMA,
    cafXml,
    daXml: flattenElement(da),
    publicKey,
    privateKey,
  };
}

/** First date on which the CAF's folios can no longer be used, for the types that expire. */
export function cafExpiry(caf: Caf): string | undefined {
  if (!EXPIRING_CAF_TYPES.includes(caf.type)) return undefined;
  // Six months, counted as 180 days like LibreDTE: never later than the SII's own count.
  const d = new Date(`${caf.authorizedOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 180);
  return d.toISOString().slice(0, 10);
}

/** Whether FRMA is the SII's signature over DA, with the key configured for the CAF's IDK. */
export function cafSignatureValid(caf: Caf, siiKeys: SiiKeys): boolean | undefined {
  const key = siiKeys[caf.idk];
  if (key === undefined) return undefined;
  const publicKey = typeof key === "string" ? createPublicKey(key) : key;
  return verify("sha1", Buffer.from(caf.daXml, "latin1"), publicKey, Buffer.from(caf.signature, "base64"));
}

export interface CafContext {
  issuerRut?: string;
  type?: number;
  folio?: number;
  /** FchEmis, YYYY-MM-DD. */
  issueDate?: string;
  /**
   * The day the document is stamped (TSTED, Chile time), YYYY-MM-DD. Expiry is judged on it: a
   * back-dated document cannot use a CAF that has expired by the time it is stamped.
   */
  stampedOn?: string;
  environment?: SiiEnvironment;
  /** When given, FRMA must verify with the key for the CAF's IDK. */
  siiKeys?: SiiKeys;
  /** Stamping needs RSASK. */
  needsPrivateKey?: boolean;
}

export interface CafProblem {
  code: string;
  es: string;
  en: string;
}

/** Every reason this CAF cannot stamp the document described by `ctx`. */
export function checkCaf(caf: Caf, ctx: CafContext): CafProblem[] {
  const problems: CafProblem[] = [];
  const add = (code: string, es: string, en: string) => problems.push({ code, es, en });
  if (ctx.issuerRut !== undefined && caf.issuerRut !== ctx.issuerRut) {
    add(
      "caf.issuer_mismatch",
      `El CAF es del RUT ${caf.issuerRut}, no del emisor ${ctx.issuerRut}.`,
      `The CAF belongs to RUT ${caf.issuerRut}, not to issuer ${ctx.issuerRut}.`,
    );
  }
  if (ctx.type !== undefined && caf.type !== ctx.type) {
    add(
      "caf.type_mismatch",
      `El CAF es para documentos tipo ${caf.type}, no ${ctx.type}.`,
      `The CAF is for document type ${caf.type}, not ${ctx.type}.`,
    );
  }
  if (ctx.folio !== undefined && (ctx.folio < caf.range.from || ctx.folio > caf.range.to)) {
    add(
      "caf.folio_out_of_range",
      `El folio ${ctx.folio} está fuera del rango del CAF (${caf.range.from} a ${caf.range.to}).`,
      `Folio ${ctx.folio} is outside the CAF range (${caf.range.from} to ${caf.range.to}).`,
    );
  }
  if (ctx.issueDate !== undefined && ctx.issueDate < caf.authorizedOn) {
    add(
      "caf.not_yet_valid",
      `La fecha de emisión ${ctx.issueDate} es anterior a la autorización del CAF (${caf.authorizedOn}).`,
      `Issue date ${ctx.issueDate} is before the CAF authorisation date (${caf.authorizedOn}).`,
    );
  }
  // The later of the stamping day and FchEmis: neither back-dating nor forward-dating escapes expiry.
  const usedOn = [ctx.stampedOn, ctx.issueDate]
    .filter((d): d is string => d !== undefined)
    .sort()
    .at(-1);
  if (usedOn !== undefined) {
    const expiry = cafExpiry(caf);
    if (expiry !== undefined && usedOn >= expiry) {
      add(
        "caf.expired",
        `El CAF venció: sus folios se podían usar hasta el ${expiry} (6 meses desde ${caf.authorizedOn}). Pida un CAF nuevo al SII.`,
        `The CAF expired: its folios could be used until ${expiry} (6 months from ${caf.authorizedOn}). Request a new CAF from the SII.`,
      );
    }
  }
  if (caf.idk !== ENVIRONMENT_IDK.certification && caf.idk !== ENVIRONMENT_IDK.production) {
    add(
      "caf.unknown_idk",
      `El CAF tiene un IDK desconocido (${caf.idk}); se esperaba 100 o 300.`,
      `The CAF has an unknown IDK (${caf.idk}); expected 100 or 300.`,
    );
  } else if (ctx.environment !== undefined && caf.idk !== ENVIRONMENT_IDK[ctx.environment]) {
    const es = caf.idk === 100 ? "certificación" : "producción";
    add(
      "caf.environment_mismatch",
      `El CAF es del ambiente de ${es} (IDK ${caf.idk}) y la empresa emite en ${ctx.environment === "production" ? "producción" : "certificación"}.`,
      `The CAF is for the ${caf.idk === 100 ? "certification" : "production"} environment (IDK ${caf.idk}) but the company issues in ${ctx.environment}.`,
    );
  }
  if (ctx.siiKeys !== undefined) {
    const valid = cafSignatureValid(caf, ctx.siiKeys);
    if (valid === undefined) {
      add(
        "caf.signature_unknown_key",
        `No hay clave del SII configurada para el IDK ${caf.idk}.`,
        `No SII key is configured for IDK ${caf.idk}.`,
      );
    } else if (!valid) {
      add(
        "caf.signature_invalid",
        "La firma del SII en el CAF (FRMA) no es válida: el archivo fue alterado o no viene del SII.",
        "The SII signature on the CAF (FRMA) is invalid: the file was altered or does not come from the SII.",
      );
    }
  }
  if (ctx.needsPrivateKey && !caf.privateKey) {
    add(
      "caf.no_private_key",
      "El CAF no incluye su clave privada (RSASK): use el archivo descargado del SII.",
      "The CAF has no private key (RSASK): use the file downloaded from the SII.",
    );
  }
  return problems;
}

/** Throws one TimbreError listing every problem `checkCaf` finds. */
export function assertCaf(caf: Caf, ctx: CafContext): void {
  const problems = checkCaf(caf, ctx);
  if (problems.length === 0) return;
  throw new TimbreError(
    problems[0]!.code,
    { es: problems.map((p) => p.es).join(" "), en: problems.map((p) => p.en).join(" ") },
    { fields: problems.map((p) => ({ field: `caf.${p.code.slice(4)}`, message: p.es })) },
  );
}
