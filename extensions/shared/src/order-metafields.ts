/**
 * Order metafields the hub writes back with `metafieldsSet` (namespace `$app`, the app-reserved
 * one) and the thank-you / order-status and admin blocks read. Declared in each extension's
 * `shopify.extension.toml` under [[extensions.metafields]].
 */
export const ORDER_METAFIELD_NAMESPACE = "$app";

export const ORDER_METAFIELD = {
  /** SII document type code: 39 boleta, 33 factura, 61 nota de crédito (number_integer). */
  documentType: "tipo_dte",
  /** Folio (number_integer). */
  folio: "folio",
  /** issued | sent | accepted | accepted_with_objections | rejected (single_line_text_field). */
  siiState: "estado_sii",
  /** Public link to the PDF with the timbre (url). */
  pdfUrl: "pdf_url",
} as const;

export type DocumentState = "issued" | "sent" | "accepted" | "accepted_with_objections" | "rejected";

export interface OrderDocumentInfo {
  type: number;
  typeName: { es: string; en: string };
  folio: number;
  state: DocumentState | "unknown";
  stateLabel: { es: string; en: string };
  tone: "success" | "warning" | "critical" | "info";
  pdfUrl: string | null;
}

const TYPE_NAMES: Record<number, { es: string; en: string }> = {
  33: { es: "Factura electrónica", en: "Electronic invoice" },
  34: { es: "Factura exenta electrónica", en: "Exempt electronic invoice" },
  39: { es: "Boleta electrónica", en: "Electronic receipt" },
  41: { es: "Boleta exenta electrónica", en: "Exempt electronic receipt" },
  56: { es: "Nota de débito electrónica", en: "Electronic debit note" },
  61: { es: "Nota de crédito electrónica", en: "Electronic credit note" },
};

const STATES: Record<DocumentState | "unknown", { es: string; en: string; tone: OrderDocumentInfo["tone"] }> = {
  issued: { es: "Emitido, por enviar al SII", en: "Issued, to be sent to the SII", tone: "info" },
  sent: { es: "Enviado al SII, esperando respuesta", en: "Sent to the SII, awaiting its answer", tone: "info" },
  accepted: { es: "Aceptado por el SII", en: "Accepted by the SII", tone: "success" },
  accepted_with_objections: { es: "Aceptado con reparos", en: "Accepted with objections", tone: "warning" },
  rejected: { es: "Rechazado por el SII", en: "Rejected by the SII", tone: "critical" },
  unknown: { es: "Estado desconocido", en: "Unknown state", tone: "info" },
};

/** Metafield entries as the APIs return them: `{key, value}` (value always a string). */
export type MetafieldEntry = { key: string; value: string | null; namespace?: string };

/** The document as written back on the order; null while the hub has not issued one. */
export function documentFromMetafields(
  entries: readonly MetafieldEntry[] | null | undefined,
): OrderDocumentInfo | null {
  const byKey = new Map<string, string>();
  for (const m of entries ?? []) {
    if (m.namespace !== undefined && m.namespace !== ORDER_METAFIELD_NAMESPACE && !m.namespace.startsWith("app--"))
      continue;
    if (m.value !== null) byKey.set(m.key, m.value);
  }
  const folio = Number(byKey.get(ORDER_METAFIELD.folio));
  const type = Number(byKey.get(ORDER_METAFIELD.documentType));
  if (!Number.isInteger(folio) || folio <= 0 || !Number.isInteger(type) || type <= 0) return null;
  const rawState = byKey.get(ORDER_METAFIELD.siiState) ?? "";
  const state: DocumentState | "unknown" =
    rawState in STATES && rawState !== "unknown" ? (rawState as DocumentState) : "unknown";
  const s = STATES[state];
  const pdf = byKey.get(ORDER_METAFIELD.pdfUrl) ?? "";
  return {
    type,
    typeName: TYPE_NAMES[type] ?? { es: `Documento tipo ${type}`, en: `Document type ${type}` },
    folio,
    state,
    stateLabel: { es: s.es, en: s.en },
    tone: s.tone,
    pdfUrl: /^https?:\/\//.test(pdf) ? pdf : null,
  };
}
