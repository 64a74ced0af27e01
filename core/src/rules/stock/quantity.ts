import { z } from "zod";

/**
 * Quantities may be fractional (kilos, metres), so the database keeps numeric(18,3) and the code
 * works in integer thousandths ("milli"): a JS number adds 0.1 and 0.2 to 0.30000000000000004, an
 * integer count of thousandths never drifts, and floor/compare stay exact.
 */
export type Milli = number;

export const MILLI_PER_UNIT = 1000;

/** The largest quantity we accept anywhere (keeps every milli value a safe integer). */
export const MAX_QUANTITY = 1e12;

/** A quantity with at most three decimals, as typed or sent in JSON. */
export function toMilli(quantity: number): Milli {
  const scaled = quantity * MILLI_PER_UNIT;
  const milli = Math.round(scaled);
  if (!Number.isFinite(quantity) || Math.abs(scaled - milli) > 1e-6 * Math.max(1, Math.abs(scaled))) {
    throw new RangeError(`${quantity} has more than three decimals`);
  }
  return milli === 0 ? 0 : milli;
}

export function fromMilli(milli: Milli): number {
  return milli / MILLI_PER_UNIT;
}

/** Exact parse of a decimal as PostgreSQL or Prisma.Decimal prints it ("-10.500", "3", "0.25"). */
export function parseMilli(value: { toString(): string } | string | number): Milli {
  if (typeof value === "number") return toMilli(value);
  const text = value.toString().trim();
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`not a decimal quantity: ${text}`);
  const decimals = (m[3] ?? "").padEnd(3, "0");
  if (/[1-9]/.test(decimals.slice(3))) throw new RangeError(`${text} has more than three decimals`);
  const milli = Number(m[2]) * MILLI_PER_UNIT + Number(decimals.slice(0, 3));
  return m[1] && milli !== 0 ? -milli : milli;
}

/** The exact decimal text of a milli value, for SQL parameters (`$1::numeric`). */
export function milliToDecimal(milli: Milli): string {
  const sign = milli < 0 ? "-" : "";
  const abs = Math.abs(milli);
  const whole = Math.trunc(abs / MILLI_PER_UNIT);
  const frac = abs % MILLI_PER_UNIT;
  return frac === 0 ? `${sign}${whole}` : `${sign}${whole}.${String(frac).padStart(3, "0").replace(/0+$/, "")}`;
}

/** Whole units a shopper can buy: thousandths of a unit cannot be sold online. */
export function wholeUnits(milli: Milli): number {
  return Math.floor(milli / MILLI_PER_UNIT);
}

/** A quantity field: finite, at most three decimals, within ±MAX_QUANTITY. */
export const QuantitySchema = z
  .number({ error: "must be a number" })
  .finite()
  .min(-MAX_QUANTITY)
  .max(MAX_QUANTITY)
  .refine(
    (q) =>
      Math.abs(q * MILLI_PER_UNIT - Math.round(q * MILLI_PER_UNIT)) <= 1e-6 * Math.max(1, Math.abs(q * MILLI_PER_UNIT)),
    {
      message: "at most three decimals",
    },
  );
