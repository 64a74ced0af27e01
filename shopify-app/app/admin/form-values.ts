/**
 * What a merchant types, read the way they type it in Chile: "$2.990" is two thousand nine hundred
 * and ninety pesos, "2,5" is two and a half. Anything else becomes NaN, which the use case's schema
 * refuses and the page says as "Revise este dato" for that field.
 */
export function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
}

/** Whole pesos: "$2.990", "2990", "2 990". */
export function pesos(s: string): number {
  const t = s.replace(/[$\s.]/g, "");
  return /^\d{1,13}$/.test(t) ? Number(t) : Number.NaN;
}

/** A quantity or a percentage with a decimal comma or point: "2,5", "-1", "10.75". */
export function decimal(s: string): number {
  const t = s.replace(/\s/g, "");
  return /^-?\d{1,13}(?:[.,]\d{1,12})?$/.test(t) ? Number(t.replace(",", ".")) : Number.NaN;
}

/** A whole number: "12". */
export function whole(s: string): number {
  const t = s.replace(/\s/g, "");
  return /^-?\d{1,9}$/.test(t) ? Number(t) : Number.NaN;
}

/** A comma- or newline-separated list: "Providencia, Ñuñoa". */
export function list(s: string): string[] {
  return s
    .split(/[,\n;]/)
    .map((x) => x.trim())
    .filter((x) => x !== "");
}
