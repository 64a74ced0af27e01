import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main.js";
import { startPipelineHarness, type PipelineHarness } from "../../../src/testing/pipeline-harness.js";

// What a plugin's admin screen offers on a pending order: change boleta ↔ factura, and "emitir ahora".

describe("a merchant fixes a pending order from the store's admin, through the sync API", () => {
  let h: PipelineHarness;

  beforeAll(async () => {
    h = await startPipelineHarness();
    // No boleta folios left: a boleta order waits.
    await h.hub.db.caf.updateMany({
      where: { companyId: h.companyId, documentType: 39 },
      data: { state: "exhausted" },
    });
    await h.call("POST", "/api/v1/orders", {
      externalId: "6001",
      status: "paid",
      updatedAt: "2026-11-20T12:00:00Z",
      buyer: {
        name: "Ana",
        email: "ana@example.cl",
        document: "boleta",
        address: "Av. Matta 123",
        commune: "Santiago",
      },
      lines: [{ externalId: "l1", sku: "FILTRO", name: "Filtro", quantity: 2, unitPrice: 11900 }],
    });
    await h.settle(async () => {
      const o = await h.hub.db.order.findFirstOrThrow({ where: { externalId: "6001" } });
      return Array.isArray(o.pendingReasons) && o.pendingReasons.length > 0;
    }, "the order to wait for folios");
  });
  afterAll(() => h?.close());

  it("refuses a factura with a wrong RUT check digit, naming the field, and issues nothing", async () => {
    const res = await h.call("POST", "/api/v1/orders/6001/document", {
      document: "factura",
      rut: "76.354.771-0",
      businessName: "Importadora Sur Ltda.",
      activity: "Repuestos",
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Array<{ field: string }> } };
    expect(body.error.fields.map((f) => f.field)).toContain("rut");
    expect(await h.hub.db.document.count()).toBe(0);
  });

  it("turns it into a factura that is issued at once, then refuses to change an issued order", async () => {
    const res = await h.call("POST", "/api/v1/orders/6001/document", {
      document: "factura",
      rut: "76.354.771-k",
      businessName: "Importadora Sur Ltda.",
      activity: "Repuestos",
    });
    expect(res.status).toBe(202);
    await h.settle(async () => (await h.hub.db.document.count({ where: { state: "accepted" } })) === 1, "the factura");
    const doc = await h.hub.db.document.findFirstOrThrow();
    expect(doc).toMatchObject({ type: 33, receiverRut: "76354771-K" });
    expect((await h.call("POST", "/api/v1/orders/6001/document", { document: "boleta" })).status).toBe(409);
  });

  it("'issue now' queues the order again without ever issuing twice; 404 for an order the store does not have", async () => {
    expect((await h.call("POST", "/api/v1/orders/6001/issue", {})).status).toBe(202);
    await h.worker.drain();
    expect(await h.hub.db.document.count()).toBe(1);
    expect((await h.call("POST", "/api/v1/orders/nope/issue", {})).status).toBe(404);
  });

  it("does the same from the CLI, and says what is wrong with a bad option", async () => {
    const env = { DATABASE_URL: process.env.DATABASE_URL, TIMBRE_DATA_DIR: process.env.TIMBRE_DATA_DIR };
    Object.assign(process.env, { DATABASE_URL: h.tdb.url, TIMBRE_DATA_DIR: h.hub.config.dataDir });
    try {
      const bad = await timbre("orders", "issue", "6001", "--store", h.store.id, "--as", "ticket");
      expect(bad.code).toBe(2);
      expect(bad.err).toContain("--as debe ser boleta o factura");
      const ok = await timbre("orders", "issue", "6001", "--store", h.store.id, "--json");
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.out)).toEqual({ queued: true, externalId: "6001" });
      await h.worker.drain();
      expect(await h.hub.db.document.count()).toBe(1);
    } finally {
      for (const [k, v] of Object.entries(env)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

async function timbre(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        append(String(chunk));
        cb();
      },
    });
  const code = await main(
    argv,
    sink((s) => (out += s)),
    sink((s) => (err += s)),
  );
  return { code, out, err };
}
