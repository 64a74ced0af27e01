import { formatRut, parseRut } from "../../rules/rut.js";

/** "76354771-K" → { body: "76354771", dv: "K" }: the SII's wire protocols send the two apart. */
export function rutParts(text: string, field: string): { rut: string; body: string; dv: string } {
  const rut = parseRut(text, field);
  return { rut: formatRut(rut), body: String(rut.body), dv: rut.dv };
}
