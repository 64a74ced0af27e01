/** Couriers work Chilean days: capacity and "today's deliveries" follow the clock in Santiago. */
export const SERVICE_TIME_ZONE = "America/Santiago";

const format = new Intl.DateTimeFormat("en-CA", {
  timeZone: SERVICE_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The service day ("YYYY-MM-DD") an instant falls on in Chile. */
export function serviceDay(at: Date): string {
  return format.format(at);
}

export function isServiceDay(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(text) &&
    !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
    new Date(`${text}T00:00:00Z`).toISOString().startsWith(text)
  );
}
