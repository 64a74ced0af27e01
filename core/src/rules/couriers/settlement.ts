/** One delivered parcel in a courier's settlement. */
export interface SettlementLine {
  courierId: string;
  courierName: string;
  deliveryCode: string;
  orderNumber: string;
  deliveredAt: Date;
  comuna: string;
  zone: string;
  /** Null when the zone's rate could not price it (unknown weight): shown, never counted as 0. */
  fee: number | null;
  commission: number | null;
}

export interface CourierSettlement {
  courierId: string;
  courierName: string;
  deliveries: number;
  fees: number;
  commissions: number;
  /** Deliveries without a commission, to be settled by hand. */
  unpriced: number;
}

export function summarizeSettlement(lines: readonly SettlementLine[]): CourierSettlement[] {
  const by = new Map<string, CourierSettlement>();
  for (const l of lines) {
    const s = by.get(l.courierId) ?? {
      courierId: l.courierId,
      courierName: l.courierName,
      deliveries: 0,
      fees: 0,
      commissions: 0,
      unpriced: 0,
    };
    s.deliveries += 1;
    s.fees += l.fee ?? 0;
    s.commissions += l.commission ?? 0;
    if (l.commission === null) s.unpriced += 1;
    by.set(l.courierId, s);
  }
  return [...by.values()].sort((a, b) => a.courierName.localeCompare(b.courierName, "es"));
}

function cell(value: string | number | null, separator: string): string {
  const text = value === null ? "" : String(value);
  // Quote what would break the row, and what a spreadsheet would run as a formula.
  const safe = /^[=+\-@]/.test(text) && typeof value === "string" ? `'${text}` : text;
  return safe.includes(separator) || /["\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const HEADER = ["repartidor", "entrega", "pedido", "entregada", "comuna", "zona", "tarifa_clp", "comision_clp"];

/**
 * The settlement as CSV (RFC 4180, CRLF), one row per delivery and a total row per courier. Pass ";"
 * for spreadsheets set to Chilean regional settings.
 */
export function settlementCsv(
  lines: readonly SettlementLine[],
  options: { separator?: "," | ";"; timeZone?: string } = {},
): string {
  const sep = options.separator ?? ",";
  const when = new Intl.DateTimeFormat("sv-SE", {
    timeZone: options.timeZone ?? "America/Santiago",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  });
  const rows: Array<Array<string | number | null>> = [HEADER];
  const sorted = [...lines].sort(
    (a, b) => a.courierName.localeCompare(b.courierName, "es") || a.deliveredAt.getTime() - b.deliveredAt.getTime(),
  );
  for (const l of sorted)
    rows.push([
      l.courierName,
      l.deliveryCode,
      l.orderNumber,
      when.format(l.deliveredAt),
      l.comuna,
      l.zone,
      l.fee,
      l.commission,
    ]);
  for (const s of summarizeSettlement(lines))
    rows.push([`TOTAL ${s.courierName}`, `${s.deliveries} entregas`, "", "", "", "", s.fees, s.commissions]);
  return rows.map((r) => r.map((v) => cell(v, sep)).join(sep)).join("\r\n") + "\r\n";
}
