import { describe, expect, it } from "vitest";
import { blockState, ORDER_DOCUMENT_QUERY } from "../src/order-document-query.js";

describe("admin order block", () => {
  it("shows the document from the app-namespace metafields the API returns", () => {
    const s = blockState({
      data: {
        order: {
          id: "gid://shopify/Order/820982911946154508",
          name: "#1001",
          metafields: {
            nodes: [
              { namespace: "app--123456", key: "tipo_dte", value: "33" },
              { namespace: "app--123456", key: "folio", value: "88" },
              { namespace: "app--123456", key: "estado_sii", value: "rejected" },
              { namespace: "app--123456", key: "pdf_url", value: "https://hub.example/api/v1/documents/x.pdf" },
            ],
          },
        },
      },
    });
    expect(s).toMatchObject({
      kind: "document",
      orderName: "#1001",
      document: {
        type: 33,
        folio: 88,
        state: "rejected",
        tone: "critical",
        pdfUrl: "https://hub.example/api/v1/documents/x.pdf",
      },
    });
  });

  it("says when nothing was issued yet, and when the API failed", () => {
    expect(
      blockState({ data: { order: { id: "gid://shopify/Order/1", name: "#1", metafields: { nodes: [] } } } }),
    ).toEqual({ kind: "none", orderName: "#1" });
    expect(blockState({ errors: [{ message: "Access denied" }] })).toMatchObject({
      kind: "error",
      es: "No se pudo leer el documento del pedido.",
    });
    expect(blockState({ data: { order: null } })).toMatchObject({ kind: "error", es: "Pedido no encontrado." });
  });

  it("asks for the app's reserved namespace", () => {
    expect(ORDER_DOCUMENT_QUERY).toContain('metafields(namespace: "$app"');
  });
});
