import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCafAuthority } from "../../../src/testing/certs.js";
import { startPipelineHarness, type PipelineHarness } from "../../../src/testing/pipeline-harness.js";

describe("a document the SII rejects is shown to the merchant and its folio is set aside for annulment", () => {
  let h: PipelineHarness;

  beforeAll(async () => {
    // An SII that trusts another CAF authority: the demo's TEDs do not verify there, as a CAF that
    // was not really issued by the SII would not.
    h = await startPipelineHarness({ emulator: { cafAuthorities: [createCafAuthority().publicKeyPem] } });
  });
  afterAll(() => h?.close());

  it("puts the SII's reason on the order, records the folio for annulment and never reuses it", async () => {
    await h.call("POST", "/api/v1/orders", {
      externalId: "8001",
      status: "paid",
      updatedAt: "2026-11-20T12:00:00Z",
      buyer: { name: "Ana", document: "boleta" },
      lines: [{ externalId: "l1", sku: "TE", name: "Té", quantity: 1, unitPrice: 5990 }],
    });
    await h.settle(
      async () => (await h.hub.db.document.count({ where: { state: "rejected" } })) === 1,
      "the rejection",
    );
    const doc = await h.hub.db.document.findFirstOrThrow({ where: { state: "rejected" } });
    const view = (await (await h.call("GET", "/api/v1/orders/8001")).json()) as {
      order: { pendingReasons: Array<{ code: string; message: string }> };
      audit: Array<{ action: string }>;
    };
    expect(view.order.pendingReasons).toEqual([
      expect.objectContaining({ code: "sii_rejected", message: expect.stringContaining(`folio ${doc.folio}`) }),
    ]);
    expect(view.audit.map((a) => a.action)).toContain("document.rejected");

    const folios = (await (await h.call("GET", "/api/v1/folios")).json()) as {
      toAnnul: Array<{ documentType: number; folio: number; reason: string }>;
    };
    expect(folios.toAnnul).toEqual([
      { documentType: 39, folio: doc.folio, reason: expect.stringContaining("Rechazado por el SII") },
    ]);
    const caf = await h.hub.db.caf.findFirstOrThrow({
      where: { documentType: 39, folioFrom: { lte: doc.folio }, folioTo: { gte: doc.folio } },
    });
    expect(caf.nextFolio).toBeGreaterThan(doc.folio);
  });
});
