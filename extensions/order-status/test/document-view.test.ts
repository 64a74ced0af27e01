import { describe, expect, it } from "vitest";
import { documentFromMetafields } from "@timbre/ext-shared";
import { documentSummary, languageOf, metafieldEntries } from "../src/document-view.js";

const appEntries = [
  {
    target: { type: "order", id: "gid://shopify/Order/1" },
    metafield: { namespace: "$app", key: "tipo_dte", value: 39, type: "number_integer" },
  },
  {
    target: { type: "order", id: "gid://shopify/Order/1" },
    metafield: { namespace: "$app", key: "folio", value: "1042", type: "number_integer" },
  },
  {
    target: { type: "order", id: "gid://shopify/Order/1" },
    metafield: { namespace: "$app", key: "estado_sii", value: "accepted", type: "single_line_text_field" },
  },
  {
    target: { type: "order", id: "gid://shopify/Order/1" },
    metafield: { namespace: "$app", key: "pdf_url", value: "https://hub.example/d/1.pdf", type: "url" },
  },
  {
    target: { type: "shop", id: "gid://shopify/Shop/1" },
    metafield: { namespace: "$app", key: "folio", value: "999", type: "number_integer" },
  },
];

describe("order document block", () => {
  it("reads the order's app metafields (numbers too) and ignores other owners", () => {
    const doc = documentFromMetafields(metafieldEntries(appEntries));
    expect(doc).toMatchObject({ type: 39, folio: 1042, state: "accepted", pdfUrl: "https://hub.example/d/1.pdf" });
  });

  it("shows a boleta with its PDF and offers the factura", () => {
    const s = documentSummary(documentFromMetafields(metafieldEntries(appEntries)), "es");
    expect(s).toEqual({
      title: "Boleta electrónica · Folio 1042",
      detail: "Aceptado por el SII",
      tone: "success",
      pdfUrl: "https://hub.example/d/1.pdf",
      offerFactura: true,
    });
  });

  it("does not offer a factura once there is one, and explains the wait before issuing", () => {
    const factura = documentFromMetafields([
      { key: "tipo_dte", value: "33" },
      { key: "folio", value: "5" },
      { key: "estado_sii", value: "sent" },
    ]);
    expect(documentSummary(factura, "en")).toMatchObject({
      title: "Electronic invoice · Number 5",
      offerFactura: false,
      tone: "info",
    });
    expect(documentSummary(null, "es")).toMatchObject({
      title: "Su documento se emitirá al confirmarse el pago y le llegará por correo.",
      offerFactura: true,
    });
    // The hub has the last word (e.g. the request was already made).
    expect(documentSummary(null, "es", false).offerFactura).toBe(false);
    expect(languageOf("en-CA")).toBe("en");
  });
});
