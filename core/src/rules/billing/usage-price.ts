import { OPEN_BAND, USAGE_TIERS, type UsageTier } from "./tiers.js";

export interface UsagePrice {
  orders: number;
  tier: UsageTier;
  /** The month's price in hundredths of a UF (250 = 2,5 UF). */
  ufHundredths: number;
}

/** The band a month's order count falls in, and its price (the open band adds a UF per started 1,000). */
export function priceOrders(orders: number, tiers: readonly UsageTier[] = USAGE_TIERS): UsagePrice {
  if (!Number.isSafeInteger(orders) || orders < 0) throw new RangeError(`orders must be a non-negative integer, not ${orders}`);
  const tier = tiers.find((t) => orders >= t.from && (t.to === null || orders <= t.to));
  if (!tier) throw new RangeError(`no usage tier covers ${orders} orders`);
  if (tier.to !== null) return { orders, tier, ufHundredths: tier.ufHundredths };
  const started = Math.ceil((orders - OPEN_BAND.above) / OPEN_BAND.perOrders);
  return { orders, tier, ufHundredths: tier.ufHundredths + started * OPEN_BAND.stepUfHundredths };
}

/** "2,5" / "0,25" / "0": hundredths of a UF as a Chilean reads them. */
export function formatUf(ufHundredths: number): string {
  const whole = Math.trunc(ufHundredths / 100);
  const cents = ufHundredths % 100;
  if (cents === 0) return String(whole);
  return `${whole},${String(cents).padStart(2, "0").replace(/0$/, "")}`;
}

/** "0,25 UF" → 25; accepts "2.5", "2,50", "3". For config and the UF-denominated cap. */
export function parseUf(text: string): number {
  const m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new RangeError(`not a UF amount: ${text}`);
  return Number(m[1]) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
}
