import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerDocumentWriteBack, type DocumentNotice } from "../../../src/hub/platform/document-writeback-port.js";
import { swapWriteBack } from "../../../src/hub/documents/write-back-document.js";
import { startPipelineHarness, type PipelineHarness } from "../../../src/testing/pipeline-harness.js";

describe("stores are told about their documents (write-back port)", () => {
  let h: PipelineHarness;
  const notices: Array<Omit<DocumentNotice, "pdf"> & { pdfBytes: number }> = [];
  let failNext = true;
  // A platform that shows documents on its orders (as Jumpseller and Shopify do).
  const unregister = registerDocumentWriteBack("jumpseller", () => ({
    async documentChanged(n) {
      if (failNext) {
        failNext = false;
        throw new Error("store API answered 502");
      }
      const { pdf, xml, swapWriteBack: swap, ...rest } = n;
      notices.push({ ...rest, pdfBytes: (await pdf()).length });
      // The adapter keeps what its platform answered, once: the first notice records it.
      if (n.writeBack === null && xml) await swap?.(null, { uploaded: n.state, xmlBytes: (await xml()).length });
    },
  }));

  beforeAll(async () => {
    h = await startPipelineHarness({ platform: "jumpseller", env: { TIMBRE_PUBLIC_URL: "https://hub.timbre.test" } });
  });
  afterAll(async () => {
    unregister();
    await h?.close();
  });

  it("writes the folio when issued and the SII's verdict when final, with links that open the PDF; a failed call is retried", async () => {
    await h.call("POST", "/api/v1/orders", {
      externalId: "9001",
      status: "paid",
      updatedAt: "2026-11-20T12:00:00Z",
      buyer: { name: "Ana", document: "boleta" },
      lines: [{ externalId: "l1", sku: "TE-VERDE", name: "Té verde", quantity: 1, unitPrice: 5990 }],
    });
    await h.settle(async () => notices.some((n) => n.state === "accepted"), "the accepted notice");
    expect(failNext).toBe(false);
    const last = notices.at(-1)!;
    expect(last).toMatchObject({
      orderExternalId: "9001",
      kind: "sale",
      type: 39,
      typeName: "BOLETA ELECTRÓNICA",
      total: 5990,
      state: "accepted",
    });
    expect(last.pdfBytes).toBeGreaterThan(1000);
    expect(last.pdfUrl).toMatch(
      new RegExp(`^https://hub\\.timbre\\.test/api/v1/documents/${last.documentId}\\.pdf\\?t=`),
    );
    // The link opens the document without an API key.
    const res = await h.hub.api(new Request(last.xmlUrl));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`<Folio>${last.folio}</Folio>`);
    expect(await h.hub.db.auditEvent.count({ where: { action: "document.written_back" } })).toBeGreaterThanOrEqual(1);
  });

  it("keeps what the platform answered on the document, swapped by one writer at a time", async () => {
    const doc = await h.hub.db.document.findFirstOrThrow({ where: { order: { externalId: "9001" } } });
    // The first notice recorded it; the later ones saw it and left it alone.
    expect(notices[0]!.writeBack).toBeNull();
    expect(doc.writeBack).toMatchObject({ uploaded: notices[0]!.state });
    expect((doc.writeBack as { xmlBytes: number }).xmlBytes).toBe(Buffer.byteLength(doc.xml, "latin1"));
    expect(notices.slice(1).every((n) => n.writeBack !== null)).toBe(true);
    const current = doc.writeBack;
    const results = await Promise.all([
      swapWriteBack(h.hub.db, doc.id, current, { uploading: 1 }),
      swapWriteBack(h.hub.db, doc.id, current, { uploading: 2 }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await swapWriteBack(h.hub.db, doc.id, { nope: true }, null)).toBe(false);
  });
});
