import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reissueAsFactura } from "../../../src/hub/orders/reissue-as-factura.js";
import { startPipelineHarness, type PipelineHarness } from "../../../src/testing/pipeline-harness.js";

describe("a boleta re-issued as a factura after the sale", () => {
  let h: PipelineHarness;
  const store = () => ({ id: h.store.id, companyId: h.companyId });
  const docs = () => h.hub.db.document.findMany({ orderBy: { createdAt: "asc" } });
  const fiscal = {
    rut: "76.354.771-K",
    businessName: "Importadora Sur Ltda.",
    activity: "Repuestos",
    address: "Av. Matta 123",
    commune: "Santiago",
  };

  beforeAll(async () => {
    h = await startPipelineHarness();
    await h.call("POST", "/api/v1/orders", {
      externalId: "5501",
      status: "paid",
      updatedAt: "2026-11-20T12:00:00Z",
      buyer: { name: "Ana", email: "ana@example.cl", document: "boleta" },
      lines: [
        { externalId: "l1", sku: "FILTRO", name: "Filtro", quantity: 2, unitPrice: 11900 },
        { externalId: "l2", sku: "ACEITE", name: "Aceite 1 L", quantity: 1, unitPrice: 8900 },
      ],
      shipping: { name: "Despacho", price: 3990 },
    });
    await h.settle(async () => (await h.hub.db.document.count({ where: { state: "accepted" } })) === 1, "the boleta");
  });
  afterAll(() => h?.close());

  it("refuses without an address for the factura, and annuls nothing", async () => {
    await expect(
      reissueAsFactura(
        h.hub.db,
        store(),
        "5501",
        { rut: fiscal.rut, businessName: fiscal.businessName, activity: fiscal.activity },
        "test",
      ),
    ).rejects.toMatchObject({
      fields: [expect.objectContaining({ field: "address" }), expect.objectContaining({ field: "commune" })],
    });
    expect(await h.hub.db.refund.count()).toBe(0);
  });

  it("annuls the boleta with a nota de crédito (CodRef 1) and issues the factura, once however often it is asked", async () => {
    const [first, second] = await Promise.all([
      reissueAsFactura(h.hub.db, store(), "5501", fiscal, "buyer"),
      reissueAsFactura(h.hub.db, store(), "5501", fiscal, "buyer"),
    ]);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    await h.settle(
      async () => (await h.hub.db.document.count({ where: { state: "accepted" } })) === 3,
      "the nota de crédito and the factura",
    );
    const [boleta, nc, factura] = await docs();
    expect(boleta).toMatchObject({ type: 39 });
    expect(nc).toMatchObject({
      type: 61,
      kind: "credit_note",
      referencesId: boleta!.id,
      totalAmount: boleta!.totalAmount,
    });
    expect(nc!.xml).toMatch(/<CodRef>1<\/CodRef>/);
    expect(factura).toMatchObject({
      type: 33,
      kind: "sale",
      receiverRut: "76354771-K",
      totalAmount: boleta!.totalAmount,
    });
    await expect(reissueAsFactura(h.hub.db, store(), "5501", fiscal, "buyer")).rejects.toMatchObject({
      code: "reissue.not_boleta",
    });
  });

  it("a later refund of the goods corrects the factura, not the annulled boleta", async () => {
    const res = await h.call("POST", "/api/v1/orders/5501/refunds", {
      externalId: "r-1",
      reason: "Devolvió el aceite",
      lines: [{ externalId: "l2", quantity: 1 }],
      shipping: false,
    });
    expect(res.status).toBe(202);
    await h.settle(
      async () => (await h.hub.db.document.count({ where: { state: "accepted" } })) === 4,
      "the second nota de crédito",
    );
    const all = await docs();
    const factura = all.find((d) => d.type === 33)!;
    expect(all.at(-1)).toMatchObject({ type: 61, referencesId: factura.id });
    expect(all.at(-1)!.xml).toMatch(/<CodRef>3<\/CodRef>/);
    // Timbre's own corrections cannot be spoofed by a platform's refund id.
    expect(
      (
        await h.call("POST", "/api/v1/orders/5501/refunds", {
          externalId: "reissue:x",
          reason: "x",
          lines: [],
          shipping: false,
        })
      ).status,
    ).toBe(400);
  });
});
