import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mapOrder, mapRefund } from "../connector/map-order.js";
import { createWooClient } from "../connector/woo-client.js";
import { wooDocumentWriteBack, wooFulfillmentPort } from "../connector/write-back.js";
import { createWooEmulator } from "../connector/testing/emulator.js";

const fixtures = join(import.meta.dirname, "..", "..", "..", "shared", "fixtures", "woocommerce");
const fixture = (name: string) => {
  try {
    return JSON.parse(readFileSync(join(fixtures, name), "utf8")) as Record<string, unknown>;
  } catch {
    return JSON.parse(readFileSync(join("/work/shared/fixtures/woocommerce", name), "utf8")) as Record<string, unknown>;
  }
};

/** An order as WooCommerce 10.2 answered GET /orders/{id} after a block checkout with factura (recorded from the real shop). */
const facturaOrder = {
  id: 13,
  number: "13",
  status: "processing",
  date_modified_gmt: "2026-12-01T13:49:59",
  shipping_total: "0.00",
  shipping_tax: "0.00",
  total: "23980.00",
  billing: {
    first_name: "Ana",
    last_name: "Pérez",
    address_1: "Av. Providencia 1234",
    address_2: "",
    city: "Santiago",
    state: "CL-RM",
    country: "CL",
    email: "ana@example.test",
    phone: "",
  },
  shipping: {
    first_name: "Ana",
    last_name: "Pérez",
    address_1: "Av. Providencia 1234",
    address_2: "",
    city: "Santiago",
    state: "CL-RM",
    country: "CL",
    phone: "",
  },
  meta_data: [
    { id: 1, key: "_wc_billing/timbre/comuna", value: "Providencia" },
    { id: 2, key: "_wc_other/timbre/document-type", value: "factura" },
    { id: 3, key: "_wc_other/timbre/rut", value: "76192083-9" },
    { id: 4, key: "_wc_other/timbre/business-name", value: "Comercial Los Andes SpA" },
    { id: 5, key: "_wc_other/timbre/activity", value: "Venta al por menor" },
  ],
  line_items: [
    {
      id: 1,
      name: "Café",
      product_id: 12,
      variation_id: 0,
      quantity: 2,
      subtotal: "23980.00",
      subtotal_tax: "0.00",
      total: "23980.00",
      total_tax: "0.00",
      sku: "CAFE-24045",
    },
  ],
  shipping_lines: [{ id: 2, method_title: "Free shipping", total: "0.00", total_tax: "0.00" }],
  fee_lines: [],
  refunds: [],
};

describe("WooCommerce order mapping", () => {
  it("maps a factura checkout like the plugin does: ids as strings, gross whole pesos, fiscal data", () => {
    const o = mapOrder(facturaOrder);
    expect(o).toMatchObject({
      externalId: "13",
      status: "paid",
      updatedAt: "2026-12-01T13:49:59.000Z",
      buyer: {
        document: "factura",
        rut: "76192083-9",
        businessName: "Comercial Los Andes SpA",
        commune: "Providencia",
      },
      lines: [{ externalId: "1", sku: "CAFE-24045", quantity: 2, unitPrice: 11990, discount: 0 }],
      shipping: { name: "Free shipping", price: 0 },
    });
  });

  it("reads the documented REST v3 order (taxes on top, decimals) into gross pesos", () => {
    const o = mapOrder(fixture("rest-v3-order-retrieve.json"));
    expect(o.externalId).toBe("727");
    expect(o.lines[0]).toMatchObject({ externalId: "315", unitPrice: 3, quantity: 2 });
    expect(o.buyer.document).toBeUndefined();
  });

  it("turns a refund by line into the hub's refund request and skips an amount-only one", () => {
    expect(
      mapRefund({
        id: 30,
        reason: "Llegó trizada",
        amount: "5990",
        line_items: [{ quantity: -1, meta_data: [{ key: "_refunded_item_id", value: "1" }] }],
      }),
    ).toEqual({
      externalId: "30",
      reason: "Llegó trizada",
      lines: [{ externalId: "1", quantity: 1 }],
      shipping: false,
    });
    expect(mapRefund(fixture("rest-v3-order-refund-retrieve.json"))).toBeNull();
  });
});

describe("WooCommerce write-back", () => {
  const setup = () => {
    const emu = createWooEmulator();
    emu.orders.set(13, { id: 13, status: "processing", meta_data: [], notes: [] });
    const client = createWooClient({
      url: emu.url,
      credentials: async () => ({ consumerKey: "ck_x", consumerSecret: "cs_x" }),
      fetch: emu.fetch,
    });
    return { emu, client };
  };
  const notice = {
    orderExternalId: "13",
    documentId: "d1",
    kind: "sale" as const,
    type: 39,
    typeName: "BOLETA ELECTRÓNICA",
    folio: 123,
    state: "sent" as const,
    total: 23980,
    pdfUrl: "https://hub/api/v1/documents/d1.pdf?t=x",
    xmlUrl: "https://hub/api/v1/documents/d1.xml?t=x",
    pdf: async () => Buffer.from(""),
  };

  it("writes the document meta and one note, however often it is told", async () => {
    const { emu, client } = setup();
    const port = wooDocumentWriteBack(client);
    await port.documentChanged(notice);
    await port.documentChanged({ ...notice, state: "accepted" });
    const o = emu.orders.get(13)!;
    const meta = Object.fromEntries(o.meta_data.map((m) => [m.key, m.value]));
    expect(meta).toMatchObject({
      timbre_document_type: "39",
      timbre_folio: "123",
      timbre_pdf_url: notice.pdfUrl,
      timbre_sii_state: "accepted",
    });
    expect(o.notes).toEqual(["Boleta electrónica N° 123 emitida. PDF: https://hub/api/v1/documents/d1.pdf?t=x"]);
  });

  it("writes tracking and completes the order when the delivery ends", async () => {
    const { emu, client } = setup();
    const port = wooFulfillmentPort(client);
    await port.markFulfilled("13", {
      status: "shipped",
      tracking: { number: "TMB-1", carrier: "Timbre", url: "https://hub/t/TMB-1" },
    });
    expect(emu.orders.get(13)!.status).toBe("processing");
    await port.markFulfilled("13", { status: "completed", tracking: { number: "TMB-1", carrier: "Timbre" } });
    const o = emu.orders.get(13)!;
    expect(o.status).toBe("completed");
    expect(o.notes.filter((n) => n.includes("TMB-1"))).toHaveLength(1);
    expect(o.meta_data.find((m) => m.key === "timbre_tracking_number")?.value).toBe("TMB-1");
  });
});
