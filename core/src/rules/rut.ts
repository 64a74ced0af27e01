import { TimbreError } from "../errors.js";

/** A Chilean RUT: the number and its check digit ("0"–"9" or "K"). */
export interface Rut {
  body: number;
  dv: string;
}

/** Largest body the SII's RUTType allows (10 characters in total with hyphen and check digit). */
const MAX_BODY = 99_999_999;

/** Módulo 11: body digits right to left times 2,3,4,5,6,7,2,3…; 11 → "0", 10 → "K". */
export function rutCheckDigit(body: number): string {
  let sum = 0;
  let factor = 2;
  for (let n = body; n > 0; n = Math.floor(n / 10)) {
    sum += (n % 10) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const r = 11 - (sum % 11);
  return r === 11 ? "0" : r === 10 ? "K" : String(r);
}

function invalid(field: string, es: string, en: string): TimbreError {
  return new TimbreError("rut.invalid", { es, en }, { fields: [{ field, message: es }] });
}

/**
 * Reads a RUT the way people type it: "12.345.678-5", "12345678-5", "123456785", " 12 345 678 k ",
 * with or without dots, spaces or hyphen (including typographic dashes). Throws a TimbreError whose
 * message a shopper understands; `field` names the form field it came from.
 */
export function parseRut(text: string, field = "rut"): Rut {
  const compact = text
    .trim()
    .replace(/[.\s\u00a0]/g, "")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .toUpperCase();
  if (compact === "") throw invalid(field, "Ingrese un RUT.", "Enter a RUT.");
  const m = /^(\d+)-?([\dK])$/.exec(compact);
  if (!m) {
    throw invalid(
      field,
      `"${text.trim()}" no es un RUT: use números y el dígito verificador, por ejemplo 12.345.678-5.`,
      `"${text.trim()}" is not a RUT: use digits and the check digit, e.g. 12.345.678-5.`,
    );
  }
  const digits = m[1]!.replace(/^0+/, "");
  const body = Number(digits);
  if (digits === "" || body > MAX_BODY) {
    throw invalid(
      field,
      `El RUT "${text.trim()}" no tiene un número válido.`,
      `The RUT "${text.trim()}" has no valid number.`,
    );
  }
  const dv = m[2]!;
  const expected = rutCheckDigit(body);
  if (dv !== expected) {
    throw invalid(
      field,
      `El dígito verificador del RUT ${formatRut({ body, dv: expected }, "display").slice(0, -2)} es ${expected}, no ${dv}. Revise el RUT.`,
      `The check digit of RUT ${formatRut({ body, dv: expected }, "display").slice(0, -2)} is ${expected}, not ${dv}. Check the RUT.`,
    );
  }
  return { body, dv };
}

/** "wire" is what every SII XML carries (12345678-5); "display" adds thousands dots (12.345.678-5). */
export function formatRut(rut: Rut | string, style: "wire" | "display" = "wire"): string {
  const r = typeof rut === "string" ? parseRut(rut) : rut;
  const body = style === "display" ? String(r.body).replace(/\B(?=(\d{3})+(?!\d))/g, ".") : String(r.body);
  return `${body}-${r.dv}`;
}

export function isValidRut(text: string): boolean {
  try {
    parseRut(text);
    return true;
  } catch {
    return false;
  }
}

/** Any typed RUT to its wire form, or a TimbreError. */
export function normalizeRut(text: string, field = "rut"): string {
  return formatRut(parseRut(text, field));
}
