/**
 * Mercado Libre sends ids as JSON numbers, and some (application_id, user ids, future order ids)
 * reach 2^53, where `JSON.parse` silently changes digits. Integers of 16 digits or more outside
 * strings are quoted before parsing, so they arrive as exact digit strings; every schema reading an
 * id accepts a number or a string and keeps a string.
 */
export function parseJsonKeepingIds(text: string): unknown {
  return JSON.parse(quoteLongIntegers(text));
}

const LONG = 16;

export function quoteLongIntegers(text: string): string {
  let out = "";
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    const startsNumber = (c >= 0x30 && c <= 0x39) || c === 0x2d;
    if (!startsNumber) continue;
    let j = c === 0x2d ? i + 1 : i;
    while (j < text.length && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
    const digits = j - (c === 0x2d ? i + 1 : i);
    const next = text[j];
    const isInteger = next !== "." && next !== "e" && next !== "E";
    if (digits >= LONG && isInteger) {
      out += `${text.slice(from, i)}"${text.slice(i, j)}"`;
      from = j;
    }
    i = j - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
