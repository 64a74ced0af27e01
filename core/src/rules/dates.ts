/** Dates as every screen and command shows them: dd-mm-aaaa (Chile time), with hh:mm when it is a moment. */

const parts = new Intl.DateTimeFormat("en-CA", {
  timeZone: "America/Santiago",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function pieces(at: Date): Record<string, string> {
  return Object.fromEntries(parts.formatToParts(at).map((p) => [p.type, p.value]));
}

/** "20-11-2026" for a calendar date (YYYY-MM-DD) or a moment (its day in Chile). */
export function day(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split("-");
    return `${d}-${m}-${y}`;
  }
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return "—";
  const p = pieces(at);
  return `${p.day}-${p.month}-${p.year}`;
}

/** "20-11-2026 10:30" (Chile time). */
export function dayTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return day(value);
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return "—";
  const p = pieces(at);
  return `${p.day}-${p.month}-${p.year} ${p.hour}:${p.minute}`;
}
