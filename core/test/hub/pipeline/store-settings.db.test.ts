import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateStoreSettings } from "../../../src/hub/stores/store-settings.js";
import { startPipelineHarness, type PipelineHarness } from "../../../src/testing/pipeline-harness.js";

describe("the store's settings steer issuing: default document and e-mail to the buyer", () => {
  let h: PipelineHarness;

  beforeAll(async () => {
    h = await startPipelineHarness();
    await updateStoreSettings(h.hub.db, h.store.id, { defaultDocument: "factura", emailBuyer: false }, "test");
  });
  afterAll(() => h?.close());

  it("issues a factura when the checkout asked nothing and the buyer's fiscal data is there, and e-mails nothing", async () => {
    await h.call("POST", "/api/v1/orders", {
      externalId: "4401",
      status: "paid",
      updatedAt: "2026-11-20T12:00:00Z",
      pricesIncludeTax: false,
      buyer: {
        email: "compras@sur.cl",
        rut: "76354771-K",
        businessName: "Importadora Sur Ltda.",
        activity: "Repuestos",
        address: "Av. Matta 123",
        commune: "Santiago",
      },
      lines: [{ externalId: "l1", sku: "FILTRO", name: "Filtro", quantity: 2, unitPrice: 10000 }],
    });
    await h.settle(
      async () => (await h.hub.db.auditEvent.count({ where: { action: "document.email_skipped" } })) === 1,
      "the e-mail decision",
    );
    const doc = await h.hub.db.document.findFirstOrThrow();
    expect(doc).toMatchObject({ type: 33, state: "accepted", emailedAt: null });
  });

  it("falls back to a boleta, with a note, when the default is factura but the buyer gave no fiscal data", async () => {
    await h.call("POST", "/api/v1/orders", {
      externalId: "4402",
      status: "paid",
      updatedAt: "2026-11-20T12:00:00Z",
      buyer: { name: "Ana" },
      lines: [{ externalId: "l1", sku: "FILTRO", name: "Filtro", quantity: 1, unitPrice: 11900 }],
    });
    await h.settle(
      async () => (await h.hub.db.document.count({ where: { order: { externalId: "4402" } } })) === 1,
      "the boleta",
    );
    expect(await h.hub.db.document.findFirstOrThrow({ where: { order: { externalId: "4402" } } })).toMatchObject({
      type: 39,
    });
  });
});
