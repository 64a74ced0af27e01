import type { LoaderFunctionArgs } from "@remix-run/node";
import { documentLinks, findStoreOrder } from "@timbre/core/admin";
import { buyerRequest, json, orderExternalId } from "../admin/buyer-request.server";

/**
 * GET /extensions/order-document?order=<Order GID>: the thank-you block's view of the order's sale
 * document, in the same {key, value} shape the hub writes as order metafields (extensions/README.md).
 */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { store, cors, hub } = await buyerRequest(request, context);
  const id = orderExternalId(new URL(request.url).searchParams.get("order") ?? "");
  if (!store || !id) return json({ metafields: [], canRequestFactura: false }, 200, cors);
  const order = await findStoreOrder(hub.db, store.id, id).catch(() => null);
  // Orders arrive by webhook a moment after the thank-you page opens: "nothing yet" is normal.
  if (!order) return json({ metafields: [], canRequestFactura: true }, 200, cors);
  // The latest sale document is the one in force (a boleta re-issued as factura leaves two).
  const sales = order.documents
    .filter((d) => d.kind === "sale")
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const sale = sales.at(-1);
  const base = hub.config.publicUrl ?? new URL(request.url).origin;
  const metafields = sale
    ? [
        { key: "tipo_dte", value: String(sale.type) },
        { key: "folio", value: String(sale.folio) },
        { key: "estado_sii", value: sale.state },
        { key: "pdf_url", value: documentLinks(hub.encryptor, base, sale.id).pdfUrl },
      ]
    : [];
  // A boleta can still become a factura (nota de crédito, then factura) once; a factura is final.
  const canRequestFactura = sale
    ? (sale.type === 39 || sale.type === 41) && sales.length === 1
    : order.documentOverride !== "factura";
  return json({ metafields, canRequestFactura }, 200, cors);
};
