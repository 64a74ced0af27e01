import "@shopify/ui-extensions/preact";
import { useState } from "preact/hooks";
import { formatRutInput, sendFacturaRequest, type FieldError, type OrderDocumentInfo } from "@timbre/ext-shared";
import { APP_URL } from "./app-url.js";
import { documentSummary, fieldMessage, TEXT, type Lang } from "./document-view.js";

const valueOf = (e: Event): string => (e.currentTarget as { value?: string } | null)?.value ?? "";

export interface OrderDocumentBlockProps {
  lang: Lang;
  orderId: string | null;
  document: OrderDocumentInfo | null;
  canRequestFactura?: boolean;
  getToken: () => Promise<string>;
}

/** Shared by the thank-you and order-status targets: the document, and the factura request form. */
export function OrderDocumentBlock({
  lang,
  orderId,
  document: doc,
  canRequestFactura,
  getToken,
}: OrderDocumentBlockProps) {
  const t = TEXT[lang];
  const view = documentSummary(doc, lang, canRequestFactura);
  const [fields, setFields] = useState({ rut: "", businessName: "", activity: "" });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit() {
    if (!orderId) return;
    setBusy(true);
    const r = await sendFacturaRequest((u, i) => fetch(u, i), APP_URL, await getToken(), orderId, fields);
    setBusy(false);
    setErrors(r.ok ? [] : r.errors);
    setResult({ ok: r.ok, text: r.message[lang] });
  }

  return (
    <s-stack gap="base">
      <s-heading>{t.heading}</s-heading>
      <s-banner tone={view.tone}>
        <s-stack gap="small-200">
          <s-text>{view.title}</s-text>
          {view.detail ? <s-text color="subdued">{view.detail}</s-text> : null}
          {view.pdfUrl ? (
            <s-link href={view.pdfUrl} target="_blank">
              {t.pdf}
            </s-link>
          ) : null}
        </s-stack>
      </s-banner>
      {view.offerFactura && orderId && !result?.ok ? (
        <s-stack gap="base">
          <s-text type="strong">{t.askFactura}</s-text>
          <s-text color="subdued">{t.askFacturaHelp}</s-text>
          <s-text-field
            label={t.rut}
            value={fields.rut}
            error={fieldMessage(errors, "rut", lang)}
            onInput={(e) => setFields((f) => ({ ...f, rut: formatRutInput(valueOf(e)) }))}
          />
          <s-text-field
            label={t.businessName}
            value={fields.businessName}
            error={fieldMessage(errors, "businessName", lang)}
            onInput={(e) => setFields((f) => ({ ...f, businessName: valueOf(e) }))}
          />
          <s-text-field
            label={t.activity}
            value={fields.activity}
            error={fieldMessage(errors, "activity", lang)}
            onInput={(e) => setFields((f) => ({ ...f, activity: valueOf(e) }))}
          />
          <s-button variant="primary" loading={busy} onClick={() => void submit()}>
            {busy ? t.sending : t.submit}
          </s-button>
        </s-stack>
      ) : null}
      {result ? <s-banner tone={result.ok ? "success" : "critical"}>{result.text}</s-banner> : null}
    </s-stack>
  );
}
