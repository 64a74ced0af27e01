/**
 * ISO-8859-1 text for SII documents (sii.md §8). Shop product names carry emoji, curly quotes, €,
 * em-dashes…; they must become Latin-1 *before* the TED is stamped, so nothing downstream can break it.
 */

const REPLACEMENTS: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201a": "'",
  "\u201b": "'",
  "\u2032": "'",
  "\u2039": "<",
  "\u203a": ">",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u201f": '"',
  "\u2033": '"',
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2015": "-",
  "\u2212": "-",
  "\u2026": "...",
  "\u2022": "-",
  "\u20ac": "EUR",
  "\u2122": "TM",
  "\u2116": "No",
  "\u2030": "o/oo",
  "\u0152": "OE",
  "\u0153": "oe",
  "\u0160": "S",
  "\u0161": "s",
  "\u017d": "Z",
  "\u017e": "z",
  "\u0178": "Y",
  "\u0141": "L",
  "\u0142": "l",
  "\u0131": "i",
  "\u0192": "f",
  "\u02c6": "^",
  "\u02dc": "~",
  "\u2002": " ",
  "\u2003": " ",
  "\u2009": " ",
  "\u202f": " ",
  "\u2007": " ",
  "\u2008": " ",
  "\u200a": " ",
};

export interface Latin1Text {
  text: string;
  /** Characters that were transliterated or dropped, as typed. */
  changed: string[];
}

// C0 controls other than tab and line feed are not allowed in XML 1.0; C1 controls mean nothing in
// ISO-8859-1 and usually come from mis-decoded Windows-1252.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const NOT_LATIN1_OR_CONTROL = /[^\u0009\u000a\u0020-\u007e\u00a0-\u00ff]/;

/** Text as ISO-8859-1: NFC first, then a transliteration table, then accents stripped, else dropped. */
export function toLatin1(input: string): Latin1Text {
  const normalized = input.replace(/\r\n?/g, "\n").normalize("NFC");
  if (!NOT_LATIN1_OR_CONTROL.test(normalized)) return { text: normalized, changed: [] };
  const changed: string[] = [];
  let out = "";
  for (const ch of normalized) {
    const code = ch.codePointAt(0)!;
    if (code === 0x09 || code === 0x0a || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) {
      out += ch;
      continue;
    }
    changed.push(ch);
    const mapped = REPLACEMENTS[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    if (CONTROL.test(ch)) continue;
    // "ā" → "a", "ș" → "s": keep the base letter when it is Latin-1.
    const base = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    if (base !== "" && !NOT_LATIN1_OR_CONTROL.test(base) && base !== ch) out += base;
  }
  // Dropping an emoji between two words leaves a double space.
  return { text: out.replace(/ {2,}/g, " "), changed };
}

/** Escapes for SII text: the five XML entities, `&quot;` and `&apos;` included (the TED needs them, sii.md §6). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&apos;",
  );
}

/** Cuts by characters, as the XSD counts (after Latin-1 every character is one UTF-16 unit). */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max).trimEnd();
}

/** The bytes of a document we built; refuses characters that ISO-8859-1 cannot carry instead of mangling them. */
export function latin1Bytes(xml: string): Buffer {
  // eslint-disable-next-line no-control-regex
  const bad = /[^\u0000-\u00ff]/.exec(xml);
  if (bad) throw new Error(`not ISO-8859-1: U+${bad[0].codePointAt(0)!.toString(16).toUpperCase()} at ${bad.index}`);
  return Buffer.from(xml, "latin1");
}

// 0x80–0x9F in windows-1252 (Node's TextDecoder treats the label as ISO-8859-1); undefined bytes stay as they are.
const CP1252 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString("latin1").replace(/[\u0080-\u009f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80]!);
}

/**
 * XML bytes to text, honouring the declared encoding: ISO-8859-1 (SII documents), windows-1252 (seen
 * in the wild), UTF-8. Without a declaration XML means UTF-8, but CAF files come as Latin-1 without
 * saying so: invalid UTF-8 falls back to Latin-1.
 */
export function decodeXml(input: string | Uint8Array): string {
  if (typeof input === "string") return input;
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString("utf8", 3);
  const head = bytes.toString("latin1", 0, Math.min(bytes.length, 200));
  const declared = /^<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  if (declared === "iso-8859-1" || declared === "latin1" || declared === "iso8859-1" || declared === "latin-1")
    return bytes.toString("latin1");
  if (declared === "windows-1252" || declared === "cp1252") return decodeWindows1252(bytes);
  if (declared && declared !== "utf-8" && declared !== "utf8") return new TextDecoder(declared).decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    if (declared) throw new Error("the document says UTF-8 but is not valid UTF-8");
    return bytes.toString("latin1");
  }
}
