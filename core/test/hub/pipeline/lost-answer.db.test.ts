import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/hub/config.js";
import { startDemo } from "../../../src/hub/demo/start-demo.js";
import { openHub, type Hub } from "../../../src/hub/hub.js";
import type { Worker } from "../../../src/hub/jobs/worker.js";
import { ingestOrder } from "../../../src/hub/orders/ingest-order.js";
import { createStore } from "../../../src/hub/stores/create-store.js";
import { NormalizedOrderSchema } from "../../../src/rules/order/normalized-order.js";
import { startSiiEmulator, type SiiEmulator } from "../../../src/testing/sii/emulator.js";
import { createTestDatabase, type TestDatabase } from "../../../src/testing/test-database.js";

describe("an upload whose answer is lost: the retry hears STATUS 99 and each document is looked up instead", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  let sii: SiiEmulator;
  let worker: Worker;

  beforeAll(async () => {
    tdb = await createTestDatabase({ migrate: false });
    hub = await openHub(loadConfig({ DATABASE_URL: tdb.url, TIMBRE_DATA_DIR: mkdtempSync(join(tmpdir(), "timbre-99-")) }), { role: "cli" });
    const demo = await startDemo(hub);
    const store = await createStore(hub.db, hub.encryptor, { companyId: demo.companyId, platform: "woocommerce", name: "Woo", shopDomain: "woo.example", actor: "test" });
    sii = await startSiiEmulator({ cafAuthorities: [demo.cafAuthorityPublicKey], timing: { mode: "instant" } });
    worker = hub.startWorker({
      siiBaseUrl: sii.url,
      extraSiiKeys: { 100: demo.cafAuthorityPublicKey },
      boletaLingerMs: 0,
      pollIntervalMs: 20,
      pollMs: 60_000,
      backoff: { baseMs: 5, maxMs: 10, jitter: 0 },
      siiTransport: { timeoutMs: 2_000, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20, jitter: 0 } },
    });
    sii.setFault({ kind: "lose-upload-answer" });
    const order = NormalizedOrderSchema.parse({
      externalId: "9901",
      status: "paid",
      updatedAt: "2026-11-20T12:00:00Z",
      pricesIncludeTax: false,
      buyer: { document: "factura", rut: "76.354.771-K", businessName: "Importadora Sur Ltda.", activity: "Repuestos", address: "Av. Matta 123", commune: "Santiago", email: "compras@sur.cl" },
      lines: [{ externalId: "l1", sku: "FILTRO", name: "Filtro de aceite", quantity: 4, unitPrice: 8400 }],
    });
    await ingestOrder(hub.db, store.id, demo.companyId, order, "test");
  });
  afterAll(async () => {
    await hub?.close();
    await sii?.close();
    await tdb?.close();
  });

  it("finds the factura accepted without a track id, never sends it twice and never calls it rejected", async () => {
    const deadline = Date.now() + 20_000;
    let doc;
    while (!(doc = await hub.db.document.findFirst({ where: { state: { in: ["accepted", "rejected"] } } }))) {
      if (Date.now() > deadline) throw new Error(`not settled: ${JSON.stringify(await hub.db.envelope.findMany({ select: { siiState: true, trackId: true } }))}`);
      await worker.drain();
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(doc).toMatchObject({ type: 33, state: "accepted" });
    const envelopes = await hub.db.envelope.findMany();
    expect(envelopes).toEqual([expect.objectContaining({ siiState: "99", trackId: null, finalAt: expect.any(Date) })]);
    expect(await hub.db.folioVoid.count()).toBe(0);
    expect((await hub.db.order.findFirstOrThrow()).pendingReasons).toEqual([]);
  });
});
