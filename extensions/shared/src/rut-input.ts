import { rutCheckDigit } from "@timbre/core/rules/rut";

/**
 * Live formatting while the buyer types: keeps digits and K, puts the thousands dots and the hyphen
 * before the last character ("123456785" → "12.345.678-5"). Never rejects input; validation says
 * what is wrong.
 */
export function formatRutInput(text: string): string {
  const clean = text.toUpperCase().replace(/[^0-9K]/g, "");
  // A K only makes sense as the check digit.
  const compact = clean.slice(0, -1).replace(/K/g, "") + clean.slice(-1);
  if (compact.length <= 1) return compact;
  const body = compact.slice(0, -1).replace(/^0+(?=\d)/, "");
  const dv = compact.slice(-1);
  return `${body.replace(/\B(?=(\d{3})+(?!\d))/g, ".")}-${dv}`;
}

/** The check digit the typed body needs, to hint "¿quiso decir …-K?"; null while there is no body yet. */
export function expectedCheckDigit(text: string): string | null {
  const compact = text.toUpperCase().replace(/[^0-9K]/g, "");
  const body = compact.slice(0, -1).replace(/K/g, "");
  if (body.length < 6) return null;
  return rutCheckDigit(Number(body));
}
