import { sign, verify, type KeyObject } from "node:crypto";
import type { Caf } from "./caf.js";
import { cut, escapeXml } from "./latin1.js";
import { LENGTHS } from "./types.js";

/**
 * The TED (timbre electrónico, sii.md §6): DD flattened with no whitespace between tags, text escaped
 * with all five entities, signed SHA1withRSA with the CAF key over its ISO-8859-1 bytes. The same
 * compact text goes into the document and into the PDF417.
 */

export interface TedData {
  issuerRut: string;
  type: number;
  folio: number;
  issueDate: string;
  receiverRut: string;
  /** RznSocRecep; cut to 40 characters here. */
  receiverName: string;
  total: number;
  /** First NmbItem; cut to 40 characters here. */
  firstItem: string;
  /** TSTED, YYYY-MM-DDTHH:MM:SS. */
  timestamp: string;
}

/** Every text must already be ISO-8859-1 (see latin1.ts): the DD is signed as Latin-1 bytes. */
export function buildDd(data: TedData, caf: Pick<Caf, "cafXml">): string {
  return (
    `<DD><RE>${data.issuerRut}</RE><TD>${data.type}</TD><F>${data.folio}</F><FE>${data.issueDate}</FE>` +
    `<RR>${data.receiverRut}</RR><RSR>${escapeXml(cut(data.receiverName, LENGTHS.tedText))}</RSR><MNT>${data.total}</MNT>` +
    `<IT1>${escapeXml(cut(data.firstItem, LENGTHS.tedText))}</IT1>${caf.cafXml}<TSTED>${data.timestamp}</TSTED></DD>`
  );
}

function signDd(dd: string, cafPrivateKey: KeyObject): string {
  return sign("sha1", Buffer.from(dd, "latin1"), cafPrivateKey).toString("base64");
}

export function buildTed(
  data: TedData,
  caf: Pick<Caf, "cafXml" | "privateKey">,
): { ted: string; dd: string; frmt: string } {
  if (!caf.privateKey) throw new Error("the CAF has no private key (RSASK)");
  const dd = buildDd(data, caf);
  const frmt = signDd(dd, caf.privateKey);
  return { ted: `<TED version="1.0">${dd}<FRMT algoritmo="SHA1withRSA">${frmt}</FRMT></TED>`, dd, frmt };
}

/** Removes whitespace between tags, as a TED must be when signed and printed. */
export function flattenXml(xml: string): string {
  return xml.replace(/>\s+</g, "><").trim();
}

export interface ExtractedTed {
  /** The whole `<TED>` element, flattened. */
  ted: string;
  /** Its `<DD>` element, flattened, as the FRMT should have signed it. */
  dd: string;
  frmt: string;
}

/** The TED of a document, taken from its text (re-serializing would change the signed bytes). */
export function extractTed(documentXml: string): ExtractedTed | undefined {
  const m = /<(\w+:)?TED[\s>][\s\S]*?<\/\1?TED>/.exec(documentXml);
  if (!m) return undefined;
  const ted = flattenXml(m[0]);
  const dd = /<(\w+:)?DD>[\s\S]*<\/\1?DD>/.exec(ted)?.[0];
  const frmt = /<(?:\w+:)?FRMT[^>]*>([^<]*)</.exec(ted)?.[1]?.replace(/\s+/g, "");
  if (!dd || !frmt) return undefined;
  return { ted, dd, frmt };
}

/** Text escaped the TED way (&quot; &apos;), for documents that wrote quotes literally. */
function reescape(xml: string): string {
  return xml.replace(
    />([^<]*)</g,
    (_, t: string) =>
      `>${escapeXml(t.replace(/&(amp|lt|gt|quot|apos);/g, (e) => ({ "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'" })[e]!))}<`,
  );
}

/** Whether FRMT signs DD with the key whose public half is `cafPublicKey` (RSAPK of the CAF in DD). */
export function verifyTed(ted: ExtractedTed, cafPublicKey: KeyObject): boolean {
  const signature = Buffer.from(ted.frmt, "base64");
  if (verify("sha1", Buffer.from(ted.dd, "latin1"), cafPublicKey, signature)) return true;
  const escaped = reescape(ted.dd);
  return escaped !== ted.dd && verify("sha1", Buffer.from(escaped, "latin1"), cafPublicKey, signature);
}
