import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main.js";
import { startPipelineHarness, type PipelineHarness } from "../../../src/testing/pipeline-harness.js";

// Issue 13.7: a job that can never succeed becomes a visible problem on the order — the merchant
// sees it (API, `timbre orders show`) and the hub stops retrying, instead of a silent dead job.

function sink(): Writable & { text: () => string } {
  let buf = "";
  const w = new Writable({
    write(chunk, _enc, cb) {
      buf += String(chunk);
      cb();
    },
  }) as Writable & { text: () => string };
  w.text = () => buf;
  return w;
}

describe("an order whose document can never be issued", () => {
  let h: PipelineHarness;
  const saved = { url: process.env.DATABASE_URL, dir: process.env.TIMBRE_DATA_DIR };
  beforeAll(async () => {
    h = await startPipelineHarness();
    process.env.DATABASE_URL = h.tdb.url;
    process.env.TIMBRE_DATA_DIR = h.hub.config.dataDir;
  });
  afterAll(async () => {
    for (const [k, v] of [
      ["DATABASE_URL", saved.url],
      ["TIMBRE_DATA_DIR", saved.dir],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    await h?.close();
  });

  it("shows the problem on the order after the last attempt, stops retrying, and issues once fixed", async () => {
    // Whatever the cause (here the database refuses every document of this order), each attempt fails.
    await h.hub.db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION refuse_document() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'document refused'; END $$`);
    await h.hub.db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_document BEFORE INSERT ON "Document" FOR EACH ROW EXECUTE FUNCTION refuse_document()`,
    );
    const order = {
      externalId: "NEVER-1",
      status: "paid",
      updatedAt: "2026-11-20T12:00:00Z",
      buyer: { name: "Ana", document: "boleta" },
      lines: [{ externalId: "l1", sku: "CAFE", name: "Café 1 kg", quantity: 1, unitPrice: 12_990 }],
    };
    expect((await h.call("POST", "/api/v1/orders", order)).status).toBe(202);
    await h.settle(
      async () => (await h.hub.db.job.count({ where: { kind: "order.process", state: "dead" } })) === 1,
      "the last attempt",
    );
    const job = await h.hub.db.job.findFirstOrThrow({ where: { kind: "order.process" } });
    expect([job.state, job.attempts]).toEqual(["dead", job.maxAttempts]);

    const view = (await (await h.call("GET", "/api/v1/orders/NEVER-1")).json()) as {
      order: { pendingReasons: Array<{ code: string; message: string }>; documents: unknown[] };
    };
    expect(view.order.documents).toEqual([]);
    expect(view.order.pendingReasons.map((r) => r.code)).toEqual(["cannot_process"]);
    expect(view.order.pendingReasons[0]!.message).toMatch(/dejó de reintentar/);

    const out = sink();
    const err = sink();
    expect(await main(["orders", "show", "NEVER-1", "--store", h.store.id], out, err)).toBe(0);
    expect(out.text()).toMatch(/Pendiente:\n\s+- Timbre no pudo procesar este pedido/);

    // Nothing keeps retrying it behind the merchant's back.
    await h.worker.drain();
    expect(await h.hub.db.job.count({ where: { kind: "order.process", state: { in: ["queued", "running"] } } })).toBe(
      0,
    );

    // Fixed, "Emitir ahora" issues it once and the problem goes away.
    await h.hub.db.$executeRawUnsafe(`DROP TRIGGER refuse_document ON "Document"`);
    expect((await h.call("POST", "/api/v1/orders/NEVER-1/issue", {})).status).toBeLessThan(300);
    await h.settle(
      async () => (await h.hub.db.document.count({ where: { order: { externalId: "NEVER-1" } } })) === 1,
      "the document",
    );
    const after = await h.hub.db.order.findFirstOrThrow({ where: { externalId: "NEVER-1" } });
    expect(after.pendingReasons).toEqual([]);
  });
});
