/** What people read: Spanish, dd-mm-aaaa, pesos with thousands dots, documents by name (issue 20). */

const TYPE_NAMES: Record<number, string> = {
  39: "Boleta electrónica",
  41: "Boleta exenta electrónica",
  33: "Factura electrónica",
  34: "Factura exenta electrónica",
  61: "Nota de crédito electrónica",
  56: "Nota de débito electrónica",
};

export function documentName(type: number): string {
  return TYPE_NAMES[type] ?? "Documento electrónico";
}

/** "Boleta electrónica N° 1.234". */
export function documentTitle(type: number, folio: number): string {
  return `${documentName(type)} N° ${folio.toLocaleString("es-CL")}`;
}

const STATES: Record<string, string> = {
  issued: "Emitido, por enviar al SII",
  sent: "Enviado al SII",
  accepted: "Aceptado por el SII",
  accepted_with_objections: "Aceptado con reparos",
  rejected: "Rechazado por el SII",
};

export function documentState(state: string): string {
  return STATES[state] ?? "En proceso";
}

const ORDER_STATUSES: Record<string, string> = {
  pending: "Pendiente de pago",
  paid: "Pagado",
  cancelled: "Anulado",
  refunded: "Reembolsado",
  partially_refunded: "Reembolsado en parte",
};

export function orderStatus(status: string): string {
  return ORDER_STATUSES[status] ?? "En proceso";
}

/** dd-mm-aaaa from an ISO date or date-time (calendar date in Chile for date-times). */
export function date(iso: string | null | undefined): string {
  if (!iso) return "—";
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split("-");
    return `${d}-${m}-${y}`;
  }
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return "—";
  const parts = new Intl.DateTimeFormat("es-CL", {
    timeZone: "America/Santiago",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).formatToParts(t);
  const get = (k: string) => parts.find((p) => p.type === k)?.value ?? "";
  return `${get("day")}-${get("month")}-${get("year")}`;
}

/** "$12.990". */
export function clp(amount: number): string {
  return `$${Math.round(amount).toLocaleString("es-CL")}`;
}
