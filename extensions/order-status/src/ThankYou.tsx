import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { fetchOrderDocument, type OrderDocumentAnswer } from "@timbre/ext-shared";
import { APP_URL } from "./app-url.js";
import { languageOf } from "./document-view.js";
import { OrderDocumentBlock } from "./OrderDocumentBlock.js";

export default async () => {
  render(<ThankYou />, document.body);
};

// The thank-you page cannot read order metafields, so the state comes from the hub.
function ThankYou() {
  const lang = languageOf(shopify.localization.language.value.isoCode);
  const orderId = shopify.orderConfirmation.value.order.id;
  const [answer, setAnswer] = useState<OrderDocumentAnswer | null>(null);
  useEffect(() => {
    void shopify.sessionToken
      .get()
      .then((token) => fetchOrderDocument((u, i) => fetch(u, i), APP_URL, token, orderId).then(setAnswer));
  }, [orderId]);
  return (
    <OrderDocumentBlock
      lang={lang}
      orderId={orderId}
      document={answer?.document ?? null}
      {...(answer ? { canRequestFactura: answer.canRequestFactura } : {})}
      getToken={() => shopify.sessionToken.get()}
    />
  );
}
