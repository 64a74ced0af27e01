import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signBody } from "../../../src/hub/api/store-auth.js";
import { loadConfig } from "../../../src/hub/config.js";
import { startDemo } from "../../../src/hub/demo/start-demo.js";
import { openHub, type Hub } from "../../../src/hub/hub.js";
import type { Worker } from "../../../src/hub/jobs/worker.js";
import { createStore, type CreatedStore } from "../../../src/hub/stores/create-store.js";
import { createCafAuthority } from "../../../src/testing/certs.js";
import { startSiiEmulator, type SiiEmulator } from "../../../src/testing/sii/emulator.js";
import { createTestDatabase, type TestDatabase } from "../../../src/testing/test-database.js";

describe("a document the SII rejects is shown to the merchant and its folio is set aside for annulment", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  let sii: SiiEmulator;
  let worker: Worker;
  let store: CreatedStore;

  const call = (method: string, path: string, body?: unknown) => {
    const raw = body === undefined ? undefined : JSON.stringify(body);
    return hub.api(
      new Request(`http://hub.test${path}`, {
        method,
        headers: { authorization: `Bearer ${store.apiKey}`, ...(raw !== undefined ? { "x-timbre-signature": signBody(store.secret, raw) } : {}) },
        ...(raw !== undefined ? { body: raw } : {}),
      }),
    );
  };

  beforeAll(async () => {
    tdb = await createTestDatabase({ migrate: false });
    hub = await openHub(loadConfig({ DATABASE_URL: tdb.url, TIMBRE_DATA_DIR: mkdtempSync(join(tmpdir(), "timbre-rej-")) }), { role: "cli" });
    const demo = await startDemo(hub);
    store = await createStore(hub.db, hub.encryptor, { companyId: demo.companyId, platform: "woocommerce", name: "Woo", shopDomain: "woo.example", actor: "test" });
    // An SII that trusts another CAF authority: the demo's TEDs do not verify there, as a CAF that
    // was not really issued by the SII would not.
    sii = await startSiiEmulator({ cafAuthorities: [createCafAuthority().publicKeyPem], timing: { mode: "instant" } });
    worker = hub.startWorker({ siiBaseUrl: sii.url, extraSiiKeys: { 100: demo.cafAuthorityPublicKey }, boletaLingerMs: 0, pollIntervalMs: 20, pollMs: 60_000, backoff: { baseMs: 5, maxMs: 10, jitter: 0 } });
  });
  afterAll(async () => {
    await hub?.close();
    await sii?.close();
    await tdb?.close();
  });

  it("puts the SII's reason on the order, records the folio for annulment and never reuses it", async () => {
    await call("POST", "/api/v1/orders", {
      externalId: "8001",
      status: "paid",
      updatedAt: "2026-11-20T12:00:00Z",
      buyer: { name: "Ana", document: "boleta" },
      lines: [{ externalId: "l1", sku: "TE", name: "Té", quantity: 1, unitPrice: 5990 }],
    });
    const deadline = Date.now() + 20_000;
    let doc;
    while (!(doc = await hub.db.document.findFirst({ where: { state: "rejected" } }))) {
      if (Date.now() > deadline) throw new Error("no rejection");
      await worker.drain();
      await new Promise((r) => setTimeout(r, 30));
    }
    const view = (await (await call("GET", "/api/v1/orders/8001")).json()) as { order: { pendingReasons: Array<{ code: string; message: string }> }; audit: Array<{ action: string }> };
    expect(view.order.pendingReasons).toEqual([expect.objectContaining({ code: "sii_rejected", message: expect.stringContaining(`folio ${doc.folio}`) })]);
    expect(view.audit.map((a) => a.action)).toContain("document.rejected");

    const folios = (await (await call("GET", "/api/v1/folios")).json()) as { toAnnul: Array<{ documentType: number; folio: number; reason: string }> };
    expect(folios.toAnnul).toEqual([{ documentType: 39, folio: doc.folio, reason: expect.stringContaining("Rechazado por el SII") }]);
    const next = await hub.db.caf.findFirstOrThrow({ where: { documentType: 39, folioFrom: { lte: doc.folio }, folioTo: { gte: doc.folio } } });
    expect(next.nextFolio).toBeGreaterThan(doc.folio);
  });
});
