import { facturaStillPossible, type FieldError, type OrderDocumentInfo } from "@timbre/ext-shared";

export type Lang = "es" | "en";

export function languageOf(isoCode: string | undefined): Lang {
  return isoCode?.toLowerCase().startsWith("en") ? "en" : "es";
}

export const TEXT = {
  es: {
    heading: "Documento tributario",
    pending: "Su documento se emitirá al confirmarse el pago y le llegará por correo.",
    folio: "Folio",
    pdf: "Descargar PDF",
    askFactura: "¿Necesita factura?",
    askFacturaHelp:
      "Ingrese los datos de su empresa: anularemos la boleta con una nota de crédito y emitiremos la factura.",
    rut: "RUT de la empresa",
    businessName: "Razón social",
    activity: "Giro",
    submit: "Solicitar factura",
    sending: "Enviando…",
  },
  en: {
    heading: "Tax document",
    pending: "Your document will be issued once payment is confirmed and sent to you by e-mail.",
    folio: "Number",
    pdf: "Download PDF",
    askFactura: "Need an invoice (factura)?",
    askFacturaHelp:
      "Enter your company's details: we will cancel the receipt with a credit note and issue the invoice.",
    rut: "Company RUT",
    businessName: "Company name (razón social)",
    activity: "Line of business (giro)",
    submit: "Request invoice",
    sending: "Sending…",
  },
} as const;

/** What the block shows, decided without the UI: the document line and whether to offer a factura. */
export function documentSummary(
  doc: OrderDocumentInfo | null,
  lang: Lang,
  hubSaysCanRequest?: boolean,
): {
  title: string;
  detail: string | null;
  tone: OrderDocumentInfo["tone"];
  pdfUrl: string | null;
  offerFactura: boolean;
} {
  const offerFactura = hubSaysCanRequest ?? facturaStillPossible(doc);
  if (!doc) return { title: TEXT[lang].pending, detail: null, tone: "info", pdfUrl: null, offerFactura };
  return {
    title: `${doc.typeName[lang]} · ${TEXT[lang].folio} ${doc.folio}`,
    detail: doc.stateLabel[lang],
    tone: doc.tone,
    pdfUrl: doc.pdfUrl,
    offerFactura,
  };
}

/** The `{namespace,key,value}` entries out of the extension API's app metafield entries. */
export function metafieldEntries(
  entries:
    | ReadonlyArray<{ target?: { type?: string }; metafield: { namespace?: string; key: string; value: unknown } }>
    | undefined,
) {
  return (entries ?? [])
    .filter((e) => e.target?.type === undefined || e.target.type === "order")
    .map((e) => ({
      ...(e.metafield.namespace !== undefined ? { namespace: e.metafield.namespace } : {}),
      key: e.metafield.key,
      value: e.metafield.value === null || e.metafield.value === undefined ? null : String(e.metafield.value),
    }));
}

export function fieldMessage(
  errors: readonly FieldError[],
  field: FieldError["field"],
  lang: Lang,
): string | undefined {
  return errors.find((e) => e.field === field)?.[lang];
}
