/**
 * The embedded admin speaks Spanish first; English when Shopify opens it with `locale=en…` (or a
 * page link carries `lang=en`). Kept in the URL: cookies are unreliable inside the admin iframe.
 */
import { documentLabel } from "@timbre/core/labels";

export type Lang = "es" | "en";

export function langOf(request: Request): Lang {
  const p = new URL(request.url).searchParams;
  const l = p.get("lang") ?? p.get("locale");
  return l?.toLowerCase().startsWith("en") ? "en" : "es";
}

/** `t("Pedidos", "Orders")`: the two languages side by side where the text is used. */
export function translator(lang: Lang): (es: string, en: string) => string {
  return (es, en) => (lang === "en" ? en : es);
}

/** An app link that keeps the language. */
export function withLang(path: string, lang: Lang): string {
  if (lang === "es") return path;
  return `${path}${path.includes("?") ? "&" : "?"}lang=en`;
}

export const DOCUMENT_TYPE_NAMES: Record<number, { es: string; en: string }> = {
  33: { es: "Factura", en: "Invoice" },
  34: { es: "Factura exenta", en: "Exempt invoice" },
  39: { es: "Boleta", en: "Receipt" },
  41: { es: "Boleta exenta", en: "Exempt receipt" },
  52: { es: "Guía de despacho", en: "Dispatch guide" },
  56: { es: "Nota de débito", en: "Debit note" },
  61: { es: "Nota de crédito", en: "Credit note" },
};

/** "Boleta electrónica N° 1": how every screen names a document. */
export function docLabel(type: number, folio: number, lang: Lang): string {
  return documentLabel(type, folio, lang);
}

export const ORDER_STATUS_NAMES: Record<string, { es: string; en: string }> = {
  pending: { es: "Pendiente de pago", en: "Awaiting payment" },
  paid: { es: "Pagado", en: "Paid" },
  cancelled: { es: "Anulado", en: "Cancelled" },
  refunded: { es: "Reembolsado", en: "Refunded" },
  partially_refunded: { es: "Reembolso parcial", en: "Partially refunded" },
  delivered: { es: "Entregado", en: "Delivered" },
};

export function typeName(type: number, lang: Lang): string {
  return DOCUMENT_TYPE_NAMES[type]?.[lang] ?? `DTE ${type}`;
}

export const STATE_NAMES: Record<
  string,
  { es: string; en: string; tone: "success" | "warning" | "critical" | "info" }
> = {
  issued: { es: "Emitido", en: "Issued", tone: "info" },
  sent: { es: "Enviado al SII", en: "Sent to the SII", tone: "info" },
  accepted: { es: "Aceptado", en: "Accepted", tone: "success" },
  accepted_with_objections: { es: "Aceptado con reparos", en: "Accepted with objections", tone: "warning" },
  rejected: { es: "Rechazado", en: "Rejected", tone: "critical" },
};
