/** SII timestamps: local Chile time, YYYY-MM-DDTHH:MM:SS, no offset (FechaHoraType). */

const SII_TIME_ZONE = "America/Santiago";

const formatter = new Intl.DateTimeFormat("en-CA", {
  timeZone: SII_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/** A Date as Chile local time, or a timestamp string checked and passed through. */
export function siiTimestamp(at: Date | string): string {
  if (typeof at === "string") {
    if (!TIMESTAMP.test(at)) throw new Error(`timestamp must be YYYY-MM-DDTHH:MM:SS, got "${at}"`);
    return at;
  }
  const p = Object.fromEntries(formatter.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/** Today's date in Chile, YYYY-MM-DD. */
export function siiDate(at: Date): string {
  return siiTimestamp(at).slice(0, 10);
}
