import { documentFromMetafields, type OrderDocumentInfo } from "@timbre/ext-shared";

/** Direct Admin API access from the block; `$app` resolves to this app's reserved namespace. */
export const ORDER_DOCUMENT_QUERY = `#graphql
  query TimbreOrderDocument($id: ID!) {
    order(id: $id) {
      id
      name
      metafields(namespace: "$app", first: 20) {
        nodes { namespace key value }
      }
    }
  }
`;

export interface OrderDocumentQueryData {
  order: {
    id: string;
    name: string;
    metafields: { nodes: Array<{ namespace: string; key: string; value: string }> };
  } | null;
}

export type BlockState =
  | { kind: "error"; es: string; en: string }
  | { kind: "none"; orderName: string }
  | { kind: "document"; orderName: string; document: OrderDocumentInfo };

/** What the block shows for one query answer. */
export function blockState(result: { data?: OrderDocumentQueryData; errors?: Array<{ message: string }> }): BlockState {
  if (result.errors?.length || !result.data) {
    return {
      kind: "error",
      es: "No se pudo leer el documento del pedido.",
      en: "Could not read the order's document.",
    };
  }
  if (!result.data.order) return { kind: "error", es: "Pedido no encontrado.", en: "Order not found." };
  const doc = documentFromMetafields(result.data.order.metafields.nodes);
  return doc
    ? { kind: "document", orderName: result.data.order.name, document: doc }
    : { kind: "none", orderName: result.data.order.name };
}

export const TEXT = {
  es: {
    heading: "Timbre · documento tributario",
    none: "Aún sin documento emitido. Revise el pedido en Timbre para ver si está pendiente.",
    folio: "Folio",
    pdf: "Ver PDF",
    open: "Abrir en Timbre",
  },
  en: {
    heading: "Timbre · tax document",
    none: "No document issued yet. Check the order in Timbre to see whether it is pending.",
    folio: "Number",
    pdf: "View PDF",
    open: "Open in Timbre",
  },
} as const;
