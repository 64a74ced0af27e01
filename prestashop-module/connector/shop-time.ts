/**
 * PrestaShop writes dates as "YYYY-MM-DD HH:MM:SS" in the shop's time zone (PS_TIMEZONE), with no
 * offset. These turn them into instants and back, so the hub's "newer wins" compares real times.
 */
function offsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

const SHOP_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** The instant a shop-local time names; undefined for PrestaShop's "0000-00-00 00:00:00" or garbage. */
export function shopTimeToDate(value: string, timeZone: string): Date | undefined {
  const m = SHOP_TIME.exec(value.trim());
  if (!m || m[1] === "0000") return undefined;
  const local = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  let utc = local - offsetMs(local, timeZone);
  // A second pass settles times near a daylight-saving change.
  utc = local - offsetMs(utc, timeZone);
  return new Date(utc);
}

/** An instant as the shop's filters expect it (filter[date_upd]=[from,to] with date=1). */
export function dateToShopTime(date: Date, timeZone: string): string {
  const local = new Date(date.getTime() + offsetMs(date.getTime(), timeZone));
  return local.toISOString().slice(0, 19).replace("T", " ");
}
