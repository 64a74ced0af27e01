import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SII_PATHS } from "../../../src/hub/sii/environments.js";
import { startPipelineHarness, type PipelineHarness } from "../../../src/testing/pipeline-harness.js";

describe("an upload whose answer is lost: never sent again blindly, each document is looked up instead", () => {
  let h: PipelineHarness;

  beforeAll(async () => {
    h = await startPipelineHarness({
      worker: {
        siiTransport: { timeoutMs: 2_000, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20, jitter: 0 } },
      },
    });
    h.sii.setFault({ kind: "lose-upload-answer" });
    await h.call("POST", "/api/v1/orders", {
      externalId: "9901",
      status: "paid",
      updatedAt: "2026-11-20T12:00:00Z",
      pricesIncludeTax: false,
      buyer: {
        document: "factura",
        rut: "76.354.771-K",
        businessName: "Importadora Sur Ltda.",
        activity: "Repuestos",
        address: "Av. Matta 123",
        commune: "Santiago",
        email: "compras@sur.cl",
      },
      lines: [{ externalId: "l1", sku: "FILTRO", name: "Filtro de aceite", quantity: 4, unitPrice: 8400 }],
    });
  });
  afterAll(() => h?.close());

  it("finds the factura accepted without a track id, never sends it twice and never calls it rejected", async () => {
    await h.settle(
      async () => (await h.hub.db.document.count({ where: { state: { in: ["accepted", "rejected"] } } })) === 1,
      "the SII's verdict",
    );
    expect(await h.hub.db.document.findFirstOrThrow()).toMatchObject({ type: 33, state: "accepted" });
    expect(await h.hub.db.envelope.findMany()).toEqual([
      expect.objectContaining({ siiState: "UNKNOWN", trackId: null, finalAt: expect.any(Date) }),
    ]);
    // One upload: a second copy would have been answered STATUS 99 (or RPT) by the SII.
    expect(h.sii.state.requests.filter((r) => r.path === SII_PATHS.dteUpload)).toHaveLength(1);
    expect(await h.hub.db.folioVoid.count()).toBe(0);
    expect((await h.hub.db.order.findFirstOrThrow()).pendingReasons).toEqual([]);
  });
});
