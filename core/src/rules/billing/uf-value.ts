/**
 * The UF in pesos has two decimals (39.643,59). It is kept as integer centavos, and the charge is
 * UF (hundredths) × value (centavos) / 10,000 rounded half up to the peso, in exact integer math.
 */

/**
 * "39.643,59" (the CMF's, and Excel's in Chile), "39643,59" or "39643.59" → 3964359 centavos. With a
 * comma, the comma is the decimal mark and dots group thousands; without one, a dot followed by one
 * or two digits is the decimal mark (the UF never has three decimals, so "39.643" is thousands).
 */
export function parseUfValue(text: string): number {
  const t = text.trim();
  const comma = /^(\d{1,3}(?:\.\d{3})+|\d+),(\d{1,2})$/.exec(t);
  if (comma) return toCentavos(comma[1]!.replaceAll(".", ""), comma[2]!);
  const dot = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (dot) return toCentavos(dot[1]!, dot[2] ?? "0");
  const grouped = /^\d{1,3}(?:\.\d{3})+$/.exec(t);
  if (grouped) return toCentavos(t.replaceAll(".", ""), "0");
  throw new RangeError(`not a UF value: ${text}`);
}

function toCentavos(whole: string, decimals: string): number {
  const n = Number(whole) * 100 + Number(decimals.padEnd(2, "0"));
  // The UF has been between ~10,000 and ~100,000 pesos for decades; outside it is a typo.
  if (!Number.isSafeInteger(n) || n < 1_000_000 || n > 10_000_000) throw new RangeError(`UF value out of range: ${whole}`);
  return n;
}

/** Pesos for `ufHundredths` at `valueCentavos`, rounded half up to the peso. */
export function ufToClp(ufHundredths: number, valueCentavos: number): number {
  if (!Number.isSafeInteger(ufHundredths) || ufHundredths < 0) throw new RangeError("ufHundredths must be a non-negative integer");
  if (!Number.isSafeInteger(valueCentavos) || valueCentavos <= 0) throw new RangeError("valueCentavos must be a positive integer");
  const scaled = BigInt(ufHundredths) * BigInt(valueCentavos);
  return Number((scaled + 5_000n) / 10_000n);
}

/** "39.643,59" for screens and the factura's line. */
export function formatUfValue(valueCentavos: number): string {
  const whole = Math.trunc(valueCentavos / 100).toLocaleString("es-CL");
  return `${whole},${String(valueCentavos % 100).padStart(2, "0")}`;
}
