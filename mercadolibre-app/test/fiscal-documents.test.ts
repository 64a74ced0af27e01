import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentNotice } from "@timbre/core/platform-parts";
import { createMeliClient } from "../src/client/meli-client.js";
import { meliDocumentPort, PROBLEM, type MerchantProblems } from "../src/documents/fiscal-document-upload.js";
import { connectedEmulator, type Connected } from "./support/emulator-client.js";

let c: Connected;
const SELLER = "1234567890";
beforeAll(async () => {
  c = await connectedEmulator();
});
afterAll(async () => {
  await c.emulator.close();
});

function problems() {
  const open = new Map<string, { code: string; message: string; orderExternalId?: string }>();
  const p: MerchantProblems & { open: typeof open } = {
    open,
    async report(x) {
      open.set(`${x.code}:${x.orderExternalId}`, x);
    },
    async resolve(code, orderExternalId) {
      open.delete(`${code}:${orderExternalId}`);
    },
  };
  return p;
}

/** A document's notice as the hub's write-back job builds it, with its writeBack kept in memory. */
function documentRow(
  over: Partial<DocumentNotice> & { orderExternalId: string },
  pdf = Buffer.from("%PDF-1.4\n% boleta\n"),
) {
  let writeBack: unknown = null;
  let renders = 0;
  const notice = (extra: Partial<DocumentNotice> = {}): DocumentNotice => ({
    documentId: "3b0b1c8e-0000-4000-8000-000000000001",
    kind: "sale",
    type: 39,
    typeName: "BOLETA ELECTRÓNICA",
    folio: 41,
    state: "issued",
    total: 19980,
    pdfUrl: "https://hub.example/api/v1/documents/x.pdf?t=1",
    xmlUrl: "https://hub.example/api/v1/documents/x.xml?t=1",
    pdf: async () => {
      renders++;
      return pdf;
    },
    xml: async () => Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><DTE/>', "latin1"),
    writeBack,
    swapWriteBack: async (expected, next) => {
      if (JSON.stringify(expected ?? null) !== JSON.stringify(writeBack ?? null)) return false;
      writeBack = next;
      return true;
    },
    ...over,
    ...extra,
  });
  return {
    notice,
    get writeBack() {
      return writeBack;
    },
    get renders() {
      return renders;
    },
  };
}

const item = () => c.emulator.addItem(SELLER, { title: "Taza", quantity: 50, sku: `T-${Math.random()}` });

describe("the document goes to the sale once", () => {
  it("uploads the PDF and XML to the pack as fiscal_document, keeps the ids, and never again", async () => {
    const it1 = item();
    const sale = c.emulator.addSale(SELLER, {
      orders: [{ items: [{ itemId: it1.id, quantity: 1 }] }, { items: [{ itemId: it1.id, quantity: 1 }] }],
    });
    const port = meliDocumentPort(c.client, { problems: problems() });
    const doc = documentRow({ orderExternalId: sale.packId! });
    // Two write-backs of the same document at once (issued, then sent): one uploads.
    const results = await Promise.allSettled([port.documentChanged(doc.notice()), port.documentChanged(doc.notice())]);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(1);
    await port.documentChanged(doc.notice({ state: "accepted" }));
    const uploads = c.emulator.world.uploads.filter((u) => u.packId === sale.packId);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({
      status: 201,
      fields: ["fiscal_document", "fiscal_document"],
      contentTypes: ["application/pdf", "application/xml"],
    });
    const stored = c.emulator.world.fiscalDocuments.get(sale.packId!)![0]!;
    expect(stored.files.map((f) => f.filename)).toEqual(["boleta-electronica-41.pdf", "boleta-electronica-41.xml"]);
    expect(doc.writeBack).toMatchObject({
      status: "uploaded",
      packId: sale.packId,
      ids: stored.files.map((f) => f.id),
    });
  });

  it("uses the order id for an order without pack", async () => {
    const it1 = item();
    const sale = c.emulator.addSale(SELLER, { orders: [{ items: [{ itemId: it1.id, quantity: 1 }] }] });
    expect(sale.packId).toBeNull();
    await meliDocumentPort(c.client, { problems: problems() }).documentChanged(
      documentRow({ orderExternalId: sale.orderIds[0]! }).notice(),
    );
    expect(c.emulator.world.fiscalDocuments.get(sale.orderIds[0]!)).toHaveLength(1);
  });

  it("an answer lost on the way: the retry finds the upload by its name instead of sending it twice", async () => {
    const it1 = item();
    const sale = c.emulator.addSale(SELLER, { orders: [{ items: [{ itemId: it1.id, quantity: 1 }] }] });
    let drop = true;
    const lossy = createMeliClient({
      apiUrl: c.config.apiUrl,
      accessToken: async () => c.credentials.accessToken,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (drop && init?.method === "POST") {
          drop = false;
          throw new TypeError("socket hang up");
        }
        return res;
      },
    });
    const doc = documentRow({ orderExternalId: sale.orderIds[0]! });
    const port = meliDocumentPort(lossy, { problems: problems() });
    await expect(port.documentChanged(doc.notice())).rejects.toMatchObject({ status: 0 });
    await port.documentChanged(doc.notice());
    expect(c.emulator.world.uploads.filter((u) => u.packId === sale.orderIds[0])).toHaveLength(1);
    expect(doc.writeBack).toMatchObject({ status: "uploaded" });
  });

  it("a Full sale is shown to the merchant as such, and nothing is sent", async () => {
    const it1 = item();
    const sale = c.emulator.addSale(SELLER, {
      orders: [{ items: [{ itemId: it1.id, quantity: 1 }] }],
      shipping: { mode: "me2", logisticType: "fulfillment" },
    });
    const p = problems();
    const doc = documentRow({ orderExternalId: sale.orderIds[0]! });
    await meliDocumentPort(c.client, { problems: p }).documentChanged(doc.notice());
    expect(c.emulator.world.uploads.filter((u) => u.packId === sale.orderIds[0])).toHaveLength(0);
    expect(doc.writeBack).toMatchObject({ status: "full" });
    expect([...p.open.values()][0]).toMatchObject({ code: PROBLEM.full, orderExternalId: sale.orderIds[0] });
    expect([...p.open.values()][0]!.message).toMatch(/^Venta Full .*Boleta electrónica N° 41/);
  });

  it("a PDF over 1 MB is not sent: the merchant is told", async () => {
    const it1 = item();
    const sale = c.emulator.addSale(SELLER, { orders: [{ items: [{ itemId: it1.id, quantity: 1 }] }] });
    const p = problems();
    const doc = documentRow(
      { orderExternalId: sale.orderIds[0]! },
      Buffer.concat([Buffer.from("%PDF-"), Buffer.alloc(1_100_000)]),
    );
    await meliDocumentPort(c.client, { problems: p }).documentChanged(doc.notice());
    expect(c.emulator.world.uploads.filter((u) => u.packId === sale.orderIds[0])).toHaveLength(0);
    expect([...p.open.values()][0]).toMatchObject({ code: PROBLEM.tooLarge });
  });

  it("a document the SII rejects is taken down from the sale", async () => {
    const it1 = item();
    const sale = c.emulator.addSale(SELLER, { orders: [{ items: [{ itemId: it1.id, quantity: 1 }] }] });
    const port = meliDocumentPort(c.client, { problems: problems() });
    const doc = documentRow({ orderExternalId: sale.orderIds[0]! });
    await port.documentChanged(doc.notice());
    expect(c.emulator.world.fiscalDocuments.get(sale.orderIds[0]!)).toHaveLength(1);
    await port.documentChanged(doc.notice({ state: "rejected" }));
    expect(c.emulator.world.fiscalDocuments.get(sale.orderIds[0]!)).toHaveLength(0);
    expect(doc.writeBack).toMatchObject({ status: "deleted" });
  });

  it("a nota de crédito Mercado Libre refuses (one document per sale) becomes a note for the merchant, not a retry loop", async () => {
    const it1 = item();
    const sale = c.emulator.addSale(SELLER, { orders: [{ items: [{ itemId: it1.id, quantity: 1 }] }] });
    const p = problems();
    const port = meliDocumentPort(c.client, { problems: p });
    await port.documentChanged(documentRow({ orderExternalId: sale.orderIds[0]! }).notice());
    const nc = documentRow({
      orderExternalId: sale.orderIds[0]!,
      documentId: "3b0b1c8e-0000-4000-8000-000000000002",
      kind: "credit_note",
      type: 61,
      typeName: "NOTA DE CRÉDITO ELECTRÓNICA",
      folio: 9,
    });
    await port.documentChanged(nc.notice());
    await port.documentChanged(nc.notice({ state: "accepted" }));
    expect(c.emulator.world.uploads.filter((u) => u.packId === sale.orderIds[0]).map((u) => u.status)).toEqual([
      201, 400,
    ]);
    expect(nc.writeBack).toMatchObject({ status: "refused" });
    expect([...p.open.values()][0]!.message).toContain("Nota de crédito electrónica N° 9");
  });
});
