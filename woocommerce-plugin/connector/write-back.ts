import { z } from "zod";
import type {
  DocumentNotice,
  DocumentWriteBackPort,
  FulfillmentUpdate,
  OrderFulfillmentPort,
} from "@timbre/core/platform-parts";
import type { WooClient } from "./woo-client.js";
// The admin app's names for documents: one wording for the order note and the screens.
import { documentTitle } from "../admin/src/format.js";

/**
 * What the hub writes on a WooCommerce order: the sale document as order meta
 * (`timbre_document_type`, `timbre_folio`, `timbre_pdf_url`, `timbre_xml_url`, `timbre_sii_state`, read by
 * the plugin's order box, "Mi cuenta" and e-mails) and one order note per document; on delivery,
 * the tracking as meta and a note, then status "completed". Repeated calls converge: notes are
 * written once, remembered in `timbre_notes` on the order.
 */
const OrderMeta = z.object({
  id: z.number(),
  status: z.string(),
  meta_data: z.array(z.object({ key: z.string(), value: z.unknown() })).default([]),
});

export function documentNote(n: Pick<DocumentNotice, "type" | "folio" | "pdfUrl">): string {
  return `${documentTitle(n.type, n.folio)} emitida. PDF: ${n.pdfUrl}`;
}

function notesSent(order: z.output<typeof OrderMeta>): string[] {
  const v = order.meta_data.find((m) => m.key === "timbre_notes")?.value;
  return typeof v === "string" && v !== "" ? v.split(",") : [];
}

async function readOrder(client: WooClient, orderId: string) {
  return OrderMeta.parse((await client.get(`/orders/${encodeURIComponent(orderId)}`)).body);
}

async function noteOnce(client: WooClient, orderId: string, key: string, note: string, sent: string[]) {
  if (sent.includes(key)) return sent;
  await client.send("POST", `/orders/${encodeURIComponent(orderId)}/notes`, { note, customer_note: false });
  return [...sent, key];
}

export function wooDocumentWriteBack(client: WooClient): DocumentWriteBackPort {
  return {
    async documentChanged(n) {
      const order = await readOrder(client, n.orderExternalId);
      const sent = await noteOnce(client, n.orderExternalId, `doc:${n.documentId}`, documentNote(n), notesSent(order));
      const meta: Array<{ key: string; value: string }> = [{ key: "timbre_notes", value: sent.join(",") }];
      if (n.kind === "sale") {
        meta.push(
          { key: "timbre_document_type", value: String(n.type) },
          { key: "timbre_folio", value: String(n.folio) },
          { key: "timbre_pdf_url", value: n.pdfUrl },
          { key: "timbre_xml_url", value: n.xmlUrl },
          { key: "timbre_sii_state", value: n.state },
        );
      } else {
        meta.push({ key: `timbre_credit_note_${n.folio}`, value: `${n.type}:${n.state}:${n.pdfUrl}` });
      }
      await client.send("PUT", `/orders/${encodeURIComponent(n.orderExternalId)}`, { meta_data: meta });
    },
  };
}

export function wooFulfillmentPort(client: WooClient): OrderFulfillmentPort {
  return {
    async markFulfilled(orderId, update: FulfillmentUpdate) {
      const order = await readOrder(client, orderId);
      let sent = notesSent(order);
      const meta: Array<{ key: string; value: string }> = [];
      if (update.tracking) {
        const t = update.tracking;
        const note = `Pedido despachado con ${t.carrier}, seguimiento ${t.number}${t.url ? `: ${t.url}` : ""}.`;
        sent = await noteOnce(client, orderId, `ship:${t.number}`, note, sent);
        meta.push(
          { key: "timbre_tracking_number", value: t.number },
          { key: "timbre_tracking_carrier", value: t.carrier },
          { key: "timbre_tracking_url", value: t.url ?? "" },
        );
      }
      if (update.status === "completed") sent = await noteOnce(client, orderId, "delivered", "Pedido entregado.", sent);
      meta.push({ key: "timbre_notes", value: sent.join(",") });
      const body: Record<string, unknown> = { meta_data: meta };
      if (update.status === "completed" && order.status !== "completed") body.status = "completed";
      await client.send("PUT", `/orders/${encodeURIComponent(orderId)}`, body);
    },
  };
}
