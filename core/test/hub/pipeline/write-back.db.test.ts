import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/hub/config.js";
import { startDemo } from "../../../src/hub/demo/start-demo.js";
import { openHub, type Hub } from "../../../src/hub/hub.js";
import type { Worker } from "../../../src/hub/jobs/worker.js";
import { ingestOrder } from "../../../src/hub/orders/ingest-order.js";
import { registerDocumentWriteBack, type DocumentNotice } from "../../../src/hub/platform/document-writeback-port.js";
import { createStore, type CreatedStore } from "../../../src/hub/stores/create-store.js";
import { NormalizedOrderSchema } from "../../../src/rules/order/normalized-order.js";
import { startSiiEmulator, type SiiEmulator } from "../../../src/testing/sii/emulator.js";
import { createTestDatabase, type TestDatabase } from "../../../src/testing/test-database.js";

describe("stores are told about their documents (write-back port)", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  let sii: SiiEmulator;
  let worker: Worker;
  let store: CreatedStore;
  let companyId: string;
  const notices: Array<Omit<DocumentNotice, "pdf"> & { pdfBytes: number }> = [];
  let unregister: () => void;
  let failNext = false;

  beforeAll(async () => {
    tdb = await createTestDatabase({ migrate: false });
    hub = await openHub(loadConfig({ DATABASE_URL: tdb.url, TIMBRE_DATA_DIR: mkdtempSync(join(tmpdir(), "timbre-wb-")), TIMBRE_PUBLIC_URL: "https://hub.timbre.test" }), { role: "cli" });
    const demo = await startDemo(hub);
    companyId = demo.companyId;
    // A platform that shows documents on its orders (as Jumpseller and Shopify do).
    store = await createStore(hub.db, hub.encryptor, { companyId: demo.companyId, platform: "jumpseller", name: "JS", shopDomain: "js.example", actor: "test" });
    unregister = registerDocumentWriteBack("jumpseller", () => ({
      async documentChanged(n) {
        if (failNext) {
          failNext = false;
          throw new Error("store API answered 502");
        }
        const { pdf, ...rest } = n;
        notices.push({ ...rest, pdfBytes: (await pdf()).length });
      },
    }));
    sii = await startSiiEmulator({ cafAuthorities: [demo.cafAuthorityPublicKey], timing: { mode: "instant" } });
    worker = hub.startWorker({ siiBaseUrl: sii.url, extraSiiKeys: { 100: demo.cafAuthorityPublicKey }, boletaLingerMs: 0, pollIntervalMs: 20, pollMs: 60_000, backoff: { baseMs: 5, maxMs: 10, jitter: 0 } });
  });
  afterAll(async () => {
    unregister?.();
    await hub?.close();
    await sii?.close();
    await tdb?.close();
  });

  it("writes the folio when issued and the SII's verdict when final, with links that open the PDF; a failed call is retried", async () => {
    failNext = true;
    const order = NormalizedOrderSchema.parse({
      externalId: "9001",
      status: "paid",
      updatedAt: "2026-11-20T12:00:00Z",
      buyer: { name: "Ana", document: "boleta" },
      lines: [{ externalId: "l1", sku: "TE-VERDE", name: "Té verde", quantity: 1, unitPrice: 5990 }],
    });
    await ingestOrder(hub.db, store.id, companyId, order, "test");
    const deadline = Date.now() + 20_000;
    while (!notices.some((n) => n.state === "accepted")) {
      if (Date.now() > deadline) throw new Error(`no accepted notice: ${JSON.stringify(notices)} ${JSON.stringify(await hub.db.job.findMany({ select: { kind: true, state: true, lastError: true } }))} ${JSON.stringify(await hub.db.order.findMany({ select: { pendingReasons: true } }))}`);
      await worker.drain();
      await new Promise((r) => setTimeout(r, 30));
    }
    const last = notices.at(-1)!;
    expect(last).toMatchObject({ orderExternalId: "9001", kind: "sale", type: 39, typeName: "BOLETA ELECTRÓNICA", total: 5990, state: "accepted" });
    expect(last.pdfBytes).toBeGreaterThan(1000);
    expect(last.pdfUrl).toMatch(new RegExp(`^https://hub\\.timbre\\.test/api/v1/documents/${last.documentId}\\.pdf\\?t=`));
    // The link opens the document without an API key.
    const res = await hub.api(new Request(last.xmlUrl));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`<Folio>${last.folio}</Folio>`);
    expect(await hub.db.auditEvent.count({ where: { action: "document.written_back" } })).toBeGreaterThanOrEqual(1);
  });
});
