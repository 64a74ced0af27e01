/**
 * A billing month is a calendar month in Chile (America/Santiago): an order first seen at 23:30 on
 * 31 October in Santiago belongs to October even though it is already November in UTC.
 */
export type BillingMonth = `${number}-${string}`;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2026-11" checked; throws RangeError on anything else. */
export function billingMonth(text: string): BillingMonth {
  if (!MONTH.test(text.trim())) throw new RangeError(`not a month (AAAA-MM): ${text}`);
  return text.trim() as BillingMonth;
}

const offsetFmt = new Intl.DateTimeFormat("en-US", { timeZone: "America/Santiago", timeZoneName: "longOffset" });

/** The instant of local midnight starting `y-m-d` in Santiago. */
function santiagoMidnight(y: number, m: number, d: number): Date {
  // Guess with UTC, then correct by the zone's offset at that instant (twice, across DST changes).
  let t = Date.UTC(y, m - 1, d);
  for (let i = 0; i < 2; i++) {
    const name = offsetFmt.formatToParts(new Date(t)).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
    const mm = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    const offsetMin = mm ? (mm[1] === "-" ? -1 : 1) * (Number(mm[2]) * 60 + Number(mm[3])) : 0;
    t = Date.UTC(y, m - 1, d) - offsetMin * 60_000;
  }
  return new Date(t);
}

/** [start, end) of the month as instants. */
export function monthBounds(month: BillingMonth): { start: Date; end: Date } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? [y + 1, 1] : [y, m + 1];
  return { start: santiagoMidnight(y, m, 1), end: santiagoMidnight(next[0]!, next[1]!, 1) };
}

/** "2026-11-30": the date whose UF prices the month. */
export function lastDayOfMonth(month: BillingMonth): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(d).padStart(2, "0")}`;
}

/** The month before the one `at` falls in, in Chile. */
export function previousMonth(at: Date): BillingMonth {
  const p = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago", year: "numeric", month: "2-digit" })
    .formatToParts(at)
    .reduce<Record<string, string>>((a, x) => ({ ...a, [x.type]: x.value }), {});
  const y = Number(p.year);
  const m = Number(p.month);
  return (m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`) as BillingMonth;
}

/** The month `at` falls in, in Chile. */
export function monthOf(at: Date): BillingMonth {
  const p = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago", year: "numeric", month: "2-digit" })
    .formatToParts(at)
    .reduce<Record<string, string>>((a, x) => ({ ...a, [x.type]: x.value }), {});
  return `${p.year}-${p.month}` as BillingMonth;
}
