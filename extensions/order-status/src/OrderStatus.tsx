import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { documentFromMetafields } from "@timbre/ext-shared";
import { languageOf, metafieldEntries } from "./document-view.js";
import { OrderDocumentBlock } from "./OrderDocumentBlock.js";

export default async () => {
  render(<OrderStatus />, document.body);
};

// The order-status page has the order's app metafields, written back by the hub.
function OrderStatus() {
  const lang = languageOf(shopify.localization.language.value.isoCode);
  const doc = documentFromMetafields(metafieldEntries(shopify.appMetafields.value));
  return (
    <OrderDocumentBlock
      lang={lang}
      orderId={shopify.order.value?.id ?? null}
      document={doc}
      getToken={() => shopify.sessionToken.get()}
    />
  );
}
