import type { DocumentNotice, DocumentWriteBackPort } from "@timbre/core/platform-parts";
import { TimbreError } from "@timbre/core/platform-parts";
import type { ShopifyGraphqlClient } from "./graphql-client.js";
import { WRITE_BACK } from "./graphql-operations.js";
import { gid } from "./lossless-json.js";

/**
 * Writes a document back on its Shopify order: `$app` metafields (app-owned, so no other app or
 * theme edits them) and a tag, in one request. Never `orderUpdate`: it overwrites tags and custom
 * attributes, which would wipe the buyer's RUT. metafieldsSet and tagsAdd are idempotent, so the
 * hub may repeat a notice freely.
 *
 * Keys: the sale document's `folio`, `tipo_dte`, `documento`, `estado_sii`, `pdf_url`, `xml_url` (what
 * the admin block and order-status block read), plus `dte_<type>_<folio>` (JSON) for every document,
 * credit notes included, so a nota de crédito never hides the boleta it cancels.
 */
export const METAFIELD_NAMESPACE = "$app";

const SHORT: Record<number, string> = {
  39: "Boleta",
  41: "Boleta exenta",
  33: "Factura",
  34: "Factura exenta",
  61: "NC",
  56: "ND",
};

export function documentTag(notice: Pick<DocumentNotice, "type" | "folio">): string {
  return `Timbre ${SHORT[notice.type] ?? `DTE ${notice.type}`} ${notice.folio}`;
}

export function shopifyDocumentWriteBack(client: ShopifyGraphqlClient): DocumentWriteBackPort {
  return {
    async documentChanged(notice) {
      const ownerId = gid("Order", notice.orderExternalId);
      const field = (key: string, type: string, value: string) => ({
        ownerId,
        namespace: METAFIELD_NAMESPACE,
        key,
        type,
        value,
      });
      const metafields = [
        field(
          `dte_${notice.type}_${notice.folio}`,
          "json",
          JSON.stringify({
            type: notice.type,
            typeName: notice.typeName,
            folio: notice.folio,
            state: notice.state,
            total: notice.total,
            pdfUrl: notice.pdfUrl,
            xmlUrl: notice.xmlUrl,
          }),
        ),
      ];
      if (notice.kind === "sale") {
        metafields.push(
          field("folio", "number_integer", String(notice.folio)),
          field("tipo_dte", "number_integer", String(notice.type)),
          field("documento", "single_line_text_field", notice.typeName),
          field("estado_sii", "single_line_text_field", notice.state),
          field("pdf_url", "url", notice.pdfUrl),
          field("xml_url", "url", notice.xmlUrl),
        );
      } else {
        metafields.push(field("ultima_nota_credito", "number_integer", String(notice.folio)));
      }
      const data = await client.request<{
        metafieldsSet: { userErrors: Array<{ message: string }> };
        tagsAdd: { userErrors: Array<{ message: string }> } | null;
      }>(WRITE_BACK, { metafields, id: ownerId, tags: [documentTag(notice)] });
      const errors = [...data.metafieldsSet.userErrors, ...(data.tagsAdd?.userErrors ?? [])];
      if (errors.length > 0) {
        throw new TimbreError(
          "shopify.write_back",
          {
            es: `Shopify no aceptó el folio en el pedido ${notice.orderExternalId}.`,
            en: `Shopify refused the document data on order ${notice.orderExternalId}.`,
          },
          { kind: "upstream", detail: errors.map((e) => e.message).join("; ") },
        );
      }
    },
  };
}
