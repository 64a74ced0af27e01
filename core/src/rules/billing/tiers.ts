/**
 * The usage price list (seed 000), as data: the one place to change what a month costs. Amounts are
 * in hundredths of a UF (25 = 0,25 UF) so no sum or product ever drifts the way floats do.
 */
export interface UsageTier {
  /** Stable name, shown and stored with each charge. */
  code: string;
  /** Inclusive order bounds; `to: null` is the open-ended top band. */
  from: number;
  to: number | null;
  /** Price of a month in this band, hundredths of a UF. */
  ufHundredths: number;
  /**
   * What a company of this band typically does with it, for the fair-use warning only (never a
   * cut): documents issued per counted order and products in the catalogue.
   */
  typical: { documentsPerOrder: number; products: number };
}

/** Above the last bounded band: one more UF for every started 1,000 orders. */
export const OPEN_BAND = { above: 2000, perOrders: 1000, stepUfHundredths: 100 } as const;

export const USAGE_TIERS: readonly UsageTier[] = [
  { code: "free", from: 0, to: 50, ufHundredths: 0, typical: { documentsPerOrder: 2, products: 500 } },
  { code: "t150", from: 51, to: 150, ufHundredths: 25, typical: { documentsPerOrder: 2, products: 2_000 } },
  { code: "t250", from: 151, to: 250, ufHundredths: 50, typical: { documentsPerOrder: 2, products: 5_000 } },
  { code: "t500", from: 251, to: 500, ufHundredths: 75, typical: { documentsPerOrder: 2, products: 10_000 } },
  { code: "t1000", from: 501, to: 1000, ufHundredths: 100, typical: { documentsPerOrder: 2, products: 20_000 } },
  { code: "t2000", from: 1001, to: 2000, ufHundredths: 150, typical: { documentsPerOrder: 2, products: 40_000 } },
  { code: "open", from: 2001, to: null, ufHundredths: 150, typical: { documentsPerOrder: 2, products: 100_000 } },
];
