import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import {
  blockState,
  ORDER_DOCUMENT_QUERY,
  TEXT,
  type BlockState,
  type OrderDocumentQueryData,
} from "./order-document-query.js";

export default async () => {
  render(<OrderBlock />, document.body);
};

function OrderBlock() {
  // The admin runs the extension in a worker with the merchant's language; Spanish unless English.
  const lang = navigator.language?.toLowerCase().startsWith("en") ? "en" : "es";
  const t = TEXT[lang];
  const orderId = shopify.data.selected[0]?.id;
  const [state, setState] = useState<BlockState | null>(null);

  useEffect(() => {
    if (!orderId) return;
    void shopify
      .query<OrderDocumentQueryData>(ORDER_DOCUMENT_QUERY, { variables: { id: orderId } })
      .then(blockState, () => blockState({}))
      .then(setState);
  }, [orderId]);

  return (
    <s-admin-block heading={t.heading}>
      {state === null ? <s-spinner /> : null}
      {state?.kind === "error" ? <s-banner tone="critical">{state[lang]}</s-banner> : null}
      {state?.kind === "none" ? <s-text>{t.none}</s-text> : null}
      {state?.kind === "document" ? (
        <s-stack gap="small">
          <s-stack direction="inline" gap="small">
            <s-text type="strong">
              {state.document.typeName[lang]} · {t.folio} {state.document.folio}
            </s-text>
            <s-badge tone={state.document.tone === "info" ? "info" : state.document.tone}>
              {state.document.stateLabel[lang]}
            </s-badge>
          </s-stack>
          {state.document.pdfUrl ? (
            <s-link href={state.document.pdfUrl} target="_blank">
              {t.pdf}
            </s-link>
          ) : null}
        </s-stack>
      ) : null}
    </s-admin-block>
  );
}
