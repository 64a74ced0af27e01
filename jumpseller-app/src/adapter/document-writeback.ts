import { z } from "zod";
import type { DocumentNotice, DocumentWriteBackPort } from "@timbre/core/platform-parts";
import type { JumpsellerClient } from "../client/jumpseller-client.js";

const DocSchema = z.object({
  document: z.object({
    document_type: z.coerce.number().nullish(),
    external_id: z.string().nullish(),
    public_id: z.string(),
    url: z.string().nullish(),
  }),
});

/** "BOLETA ELECTRÓNICA N° 12": what the merchant and the shopper see on the order. */
export function publicId(n: Pick<DocumentNotice, "typeName" | "folio">): string {
  return `${n.typeName} N° ${n.folio}`;
}

/**
 * Attaches the document to the Jumpseller order through /orders/{id}/documents (document_type 1
 * for an invoice/boleta, 0 for a credit note) with the signed PDF link, found again by our
 * document id in external_id so repeats never attach it twice. A rejected document is taken off.
 */
export function jumpsellerDocumentWriteBack(api: JumpsellerClient): DocumentWriteBackPort {
  return {
    async documentChanged(n: DocumentNotice): Promise<void> {
      const attached = z
        .array(DocSchema)
        .parse(await api.get(`/orders/${n.orderExternalId}/documents`))
        .map((d) => d.document);
      const mine = attached.find((d) => d.external_id === n.documentId);
      if (n.state === "rejected") {
        if (mine) await api.del(`/orders/${n.orderExternalId}/documents/${encodeURIComponent(mine.public_id)}`);
        return;
      }
      const document = {
        document_type: n.kind === "credit_note" ? 0 : 1,
        external_id: n.documentId,
        public_id: publicId(n),
        url: n.pdfUrl,
      };
      if (!mine) {
        await api.post(`/orders/${n.orderExternalId}/documents`, { document });
        await api.post(`/orders/${n.orderExternalId}/history`, {
          order_history: {
            message: `Timbre emitió ${publicId(n)} por $${n.total.toLocaleString("es-CL")}. PDF: ${n.pdfUrl}`,
            log: false,
          },
        });
        return;
      }
      if (
        mine.url !== document.url ||
        mine.public_id !== document.public_id ||
        mine.document_type !== document.document_type
      ) {
        await api.put(`/orders/${n.orderExternalId}/documents/${encodeURIComponent(mine.public_id)}`, { document });
      }
    },
  };
}
