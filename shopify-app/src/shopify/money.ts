/**
 * Shopify sends money as decimal strings ("19990.00", "19990.0"). Chilean pesos have no decimals, so
 * the amount is rounded to whole pesos; a non-numeric amount is a bug upstream and throws.
 */
export function clpFromAmount(amount: string | number | null | undefined): number {
  if (amount === null || amount === undefined || amount === "") return 0;
  const n = typeof amount === "number" ? amount : Number(amount);
  if (!Number.isFinite(n)) throw new Error(`not an amount: ${String(amount)}`);
  return Math.max(0, Math.round(n));
}
