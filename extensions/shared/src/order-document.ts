import { documentFromMetafields, type MetafieldEntry, type OrderDocumentInfo } from "./order-metafields.js";

/**
 * Where the thank-you block asks the hub for the order's document (the thank-you page cannot read
 * order metafields). `GET {appUrl}/extensions/order-document?order=<Order GID>` with the buyer's
 * session token; the hub answers `{ metafields: [{key, value}], canRequestFactura }` with the same
 * keys it writes back on the order, so one parser serves both.
 */
export const ORDER_DOCUMENT_PATH = "/extensions/order-document";

export interface OrderDocumentAnswer {
  document: OrderDocumentInfo | null;
  /** A boleta (or nothing yet) that the buyer may still turn into a factura. */
  canRequestFactura: boolean;
}

type GetLike = (
  url: string,
  init: { method: "GET"; headers: Record<string, string> },
) => Promise<{ ok: boolean; json(): Promise<unknown> }>;

export async function fetchOrderDocument(
  fetchImpl: GetLike,
  appUrl: string,
  sessionToken: string,
  orderId: string,
): Promise<OrderDocumentAnswer | null> {
  try {
    const res = await fetchImpl(
      `${appUrl.replace(/\/+$/, "")}${ORDER_DOCUMENT_PATH}?order=${encodeURIComponent(orderId)}`,
      {
        method: "GET",
        headers: { authorization: `Bearer ${sessionToken}`, accept: "application/json" },
      },
    );
    if (!res.ok) return null;
    const data = (await res.json()) as { metafields?: MetafieldEntry[]; canRequestFactura?: boolean };
    return {
      document: documentFromMetafields(data.metafields ?? []),
      canRequestFactura: data.canRequestFactura === true,
    };
  } catch {
    return null;
  }
}

/** Whether a factura can still be asked for, from the document alone (boletas and nothing-yet). */
export function facturaStillPossible(doc: OrderDocumentInfo | null): boolean {
  return doc === null || doc.type === 39 || doc.type === 41;
}
