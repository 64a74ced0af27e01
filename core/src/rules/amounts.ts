import { TimbreError } from "../errors.js";

/**
 * Document amounts in integer CLP, the way the SII recomputes them (sii.md §3):
 * boleta prices are gross (neto = round(afecto / 1.19), IVA = afecto − neto), factura prices net
 * (IVA = round(neto × 0.19)). Quantities and prices may carry up to 6 decimals, so products are
 * computed exactly in scaled integers and rounded half up once.
 */

export type Adjustment = { amount: number } | { percent: number };

/** "gross": unit prices include IVA (boletas, or facturas with MntBruto); "net": they exclude it. */
export type PriceMode = "gross" | "net";

export const IVA_RATE_PERCENT = 19;

export interface AmountLineInput {
  quantity: number;
  unitPrice: number;
  exempt: boolean;
  discount?: Adjustment | undefined;
  surcharge?: Adjustment | undefined;
}

export interface LineAmounts {
  exempt: boolean;
  /** round(quantity × unitPrice), before the line's discount and surcharge. */
  subtotal: number;
  discountAmount: number;
  discountPercent: number | undefined;
  surchargeAmount: number;
  surchargePercent: number | undefined;
  /** MontoItem. */
  amount: number;
}

/** One DscRcgGlobal: a global discount ("D") or surcharge ("R") on the taxable or the exempt part. */
export interface GlobalAdjustment {
  movement: "D" | "R";
  appliesTo: "taxable" | "exempt";
  valueType: "%" | "$";
  /** ValorDR: the percentage, or the amount in CLP. */
  value: number;
  /** What it takes off or adds, in CLP. */
  amount: number;
}

export interface DocumentTotals {
  net: number;
  exempt: number;
  iva: number;
  total: number;
}

export interface Amounts {
  lines: LineAmounts[];
  adjustments: GlobalAdjustment[];
  totals: DocumentTotals;
  /** Taxable amount after global adjustments, in the document's price mode (gross or net). */
  taxableBase: number;
  hasTaxable: boolean;
  hasExempt: boolean;
}

export interface AmountsInput {
  mode: PriceMode;
  lines: readonly AmountLineInput[];
  globalDiscount?: Adjustment | undefined;
  globalSurcharge?: Adjustment | undefined;
}

function scaled(x: number): [bigint, number] {
  const s = Number.isInteger(x) ? x.toFixed(0) : String(x);
  if (/e/i.test(s)) throw new RangeError(`amount out of range: ${s}`);
  const [i = "0", f = ""] = s.split(".");
  return [BigInt(i + f), f.length];
}

/** n / d rounded half up, for n, d ≥ 0. */
function roundDiv(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/** round(a × b), exactly. */
export function multiplyRounded(a: number, b: number): number {
  const [x, sx] = scaled(a);
  const [y, sy] = scaled(b);
  return Number(roundDiv(x * y, 10n ** BigInt(sx + sy)));
}

/** round(base × percent / 100), exactly. */
export function percentOf(base: number, percent: number): number {
  const [p, sp] = scaled(percent);
  return Number(roundDiv(BigInt(base) * p, 10n ** BigInt(sp) * 100n));
}

/** Gross taxable amount to {net, iva}: net = round(gross / 1.19), iva = gross − net (never net × 0.19). */
export function splitGross(gross: number): { net: number; iva: number } {
  const net = Number(roundDiv(BigInt(gross) * 100n, BigInt(100 + IVA_RATE_PERCENT)));
  return { net, iva: gross - net };
}

/** IVA = round(net × 0.19). */
export function ivaOnNet(net: number): number {
  return Number(roundDiv(BigInt(net) * BigInt(IVA_RATE_PERCENT), 100n));
}

function amountError(field: string, es: string, en: string): TimbreError {
  return new TimbreError("amounts.invalid", { es, en }, { fields: [{ field, message: es }] });
}

function adjustmentOf(base: number, adj: Adjustment | undefined): { amount: number; percent: number | undefined } {
  if (!adj) return { amount: 0, percent: undefined };
  if ("percent" in adj) return { amount: percentOf(base, adj.percent), percent: adj.percent };
  return { amount: adj.amount, percent: undefined };
}

function lineAmounts(line: AmountLineInput, i: number): LineAmounts {
  const subtotal = multiplyRounded(line.quantity, line.unitPrice);
  const d = adjustmentOf(subtotal, line.discount);
  const s = adjustmentOf(subtotal, line.surcharge);
  const amount = subtotal - d.amount + s.amount;
  if (amount < 0) {
    throw amountError(
      `lines.${i}.discount`,
      `El descuento de la línea ${i + 1} ($${d.amount}) es mayor que su valor ($${subtotal}).`,
      `The discount on line ${i + 1} ($${d.amount}) is larger than the line ($${subtotal}).`,
    );
  }
  return {
    exempt: line.exempt,
    subtotal,
    discountAmount: d.amount,
    discountPercent: d.percent,
    surchargeAmount: s.amount,
    surchargePercent: s.percent,
    amount,
  };
}

/**
 * A global discount or surcharge (one DscRcgGlobal) applies to the taxable part, as the SII reads a
 * DscRcgGlobal without IndExeDR; only a document with no taxable line applies it to the exempt part
 * (IndExeDR=1).
 */
function globalAdjustment(
  movement: "D" | "R",
  adj: Adjustment,
  taxable: number,
  exempt: number,
  hasTaxable: boolean,
  field: string,
): GlobalAdjustment | undefined {
  const appliesTo = hasTaxable ? "taxable" : "exempt";
  const base = hasTaxable ? taxable : exempt;
  if (base === 0) {
    if ("percent" in adj) return undefined;
    throw amountError(
      field,
      "No hay montos a los que aplicar el descuento o recargo global.",
      "There is no amount to apply the global discount or surcharge to.",
    );
  }
  const a: GlobalAdjustment =
    "percent" in adj
      ? { movement, appliesTo, valueType: "%", value: adj.percent, amount: percentOf(base, adj.percent) }
      : { movement, appliesTo, valueType: "$", value: adj.amount, amount: adj.amount };
  return a.amount > 0 ? a : undefined;
}

export function computeAmounts(input: AmountsInput): Amounts {
  const lines = input.lines.map(lineAmounts);
  let taxable = 0;
  let exempt = 0;
  for (const l of lines) {
    if (l.exempt) exempt += l.amount;
    else taxable += l.amount;
  }
  const hasTaxable = lines.some((l) => !l.exempt);
  // Applied in order, each on the running amount (a surcharge after a discount is on the discounted base).
  const adjustments: GlobalAdjustment[] = [];
  for (const [movement, adj, field] of [
    ["D", input.globalDiscount, "globalDiscount"],
    ["R", input.globalSurcharge, "globalSurcharge"],
  ] as const) {
    const a = adj && globalAdjustment(movement, adj, taxable, exempt, hasTaxable, field);
    if (!a) continue;
    const delta = a.movement === "D" ? -a.amount : a.amount;
    if (a.appliesTo === "taxable") taxable += delta;
    else exempt += delta;
    if (taxable < 0 || exempt < 0) {
      throw amountError(
        field,
        "El descuento global es mayor que el total del documento.",
        "The global discount is larger than the document total.",
      );
    }
    adjustments.push(a);
  }
  let totals: DocumentTotals;
  if (input.mode === "gross") {
    const { net, iva } = splitGross(taxable);
    totals = { net, exempt, iva, total: taxable + exempt };
  } else {
    const iva = ivaOnNet(taxable);
    totals = { net: taxable, exempt, iva, total: taxable + iva + exempt };
  }
  return {
    lines,
    adjustments,
    totals,
    taxableBase: taxable,
    hasTaxable,
    hasExempt: lines.some((l) => l.exempt),
  };
}
