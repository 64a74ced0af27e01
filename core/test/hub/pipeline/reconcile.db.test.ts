import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signBody } from "../../../src/hub/api/store-auth.js";
import { loadConfig } from "../../../src/hub/config.js";
import { startDemo } from "../../../src/hub/demo/start-demo.js";
import { reconcileJob } from "../../../src/hub/documents/reconcile-pipeline.js";
import { createMailer } from "../../../src/hub/email/mailer.js";
import { openHub, type Hub } from "../../../src/hub/hub.js";
import type { JobContext, Worker } from "../../../src/hub/jobs/worker.js";
import { createStore, type CreatedStore } from "../../../src/hub/stores/create-store.js";
import { startSiiEmulator, type SiiEmulator } from "../../../src/testing/sii/emulator.js";
import { startSmtpSink, type SmtpSink } from "../../../src/testing/smtp-sink.js";
import { createTestDatabase, type TestDatabase } from "../../../src/testing/test-database.js";

const paidOrder = (externalId: string) => ({
  externalId,
  number: `#${externalId}`,
  status: "paid",
  updatedAt: "2026-11-20T12:00:00Z",
  buyer: { email: `c${externalId}@example.cl`, name: "Ana Pérez", document: "boleta" },
  lines: [{ externalId: "l1", sku: "CAFE-1K", name: "Café en grano 1 kg", quantity: 1, unitPrice: 9990 }],
});

describe("the reconciliation sweep picks up what no job carries any more, and warns about folios", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  let sii: SiiEmulator;
  let smtp: SmtpSink;
  let worker: Worker;
  let store: CreatedStore;
  let sibling: CreatedStore;
  let companyId: string;

  const call = (who: CreatedStore, method: string, path: string, body?: unknown) => {
    const raw = body === undefined ? undefined : JSON.stringify(body);
    return hub.api(
      new Request(`http://hub.test${path}`, {
        method,
        headers: { authorization: `Bearer ${who.apiKey}`, ...(raw !== undefined ? { "x-timbre-signature": signBody(who.secret, raw) } : {}) },
        ...(raw !== undefined ? { body: raw } : {}),
      }),
    );
  };
  const sweep = () => reconcileJob({ db: hub.db, graceMs: 0 })({}, { retryIn: () => { throw new Error("no retry expected"); } } as unknown as JobContext);

  async function settle(done: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error("did not settle in time");
      await worker.drain();
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  beforeAll(async () => {
    tdb = await createTestDatabase({ migrate: false });
    hub = await openHub(loadConfig({ DATABASE_URL: tdb.url, TIMBRE_DATA_DIR: mkdtempSync(join(tmpdir(), "timbre-sweep-")) }), { role: "cli" });
    const demo = await startDemo(hub);
    companyId = demo.companyId;
    store = await createStore(hub.db, hub.encryptor, { companyId, platform: "woocommerce", name: "Woo", shopDomain: "woo.example", actor: "test" });
    sibling = await createStore(hub.db, hub.encryptor, { companyId, platform: "prestashop", name: "Presta", shopDomain: "presta.example", actor: "test" });
    sii = await startSiiEmulator({ cafAuthorities: [demo.cafAuthorityPublicKey], timing: { mode: "instant" } });
    smtp = await startSmtpSink();
    worker = hub.startWorker({
      siiBaseUrl: sii.url,
      extraSiiKeys: { 100: demo.cafAuthorityPublicKey },
      mailer: createMailer({ smtpUrl: smtp.url, from: "dte@demo.cl", outboxDir: "/nonexistent" }),
      boletaLingerMs: 0,
      pollIntervalMs: 20,
      pollMs: 60_000,
      backoff: { baseMs: 5, maxMs: 10, jitter: 0 },
      siiTransport: { timeoutMs: 1_000, retry: { attempts: 1 } },
    });
  });
  afterAll(async () => {
    await hub?.close();
    await sii?.close();
    await smtp?.close();
    await tdb?.close();
  });

  it("sends a document whose send job died during a long SII outage, once the SII is back, without a second folio", async () => {
    sii.setFault({ kind: "down" });
    expect((await call(store, "POST", "/api/v1/orders", paidOrder("7001"))).status).toBe(202);
    await settle(async () => (await hub.db.job.count({ where: { kind: "sii.send", state: "dead" } })) === 1);
    sii.clearFaults();
    await worker.drain();
    const issued = await hub.db.document.findFirstOrThrow({ where: { order: { externalId: "7001" } } });
    expect(issued.state).toBe("issued");

    // The store's admin screen sees the dead job and why; a store of the same company sees the
    // company's SII work too, but not the other store's order jobs.
    const dead = (await (await call(store, "GET", "/api/v1/jobs?state=dead")).json()) as { jobs: Array<{ kind: string; lastError: string }> };
    expect(dead.jobs).toEqual([expect.objectContaining({ kind: "sii.send", lastError: expect.stringContaining("SII") })]);
    const mine = (await (await call(store, "GET", "/api/v1/jobs")).json()) as { jobs: Array<{ kind: string }> };
    const theirs = (await (await call(sibling, "GET", "/api/v1/jobs")).json()) as { jobs: Array<{ kind: string }> };
    expect(mine.jobs.map((j) => j.kind)).toContain("order.process");
    expect(theirs.jobs.map((j) => j.kind)).not.toContain("order.process");
    expect((await call(store, "GET", "/api/v1/jobs?state=stuck")).status).toBe(400);

    await sweep();
    await settle(async () => (await hub.db.document.findUniqueOrThrow({ where: { id: issued.id } })).state === "accepted");
    expect(await hub.db.document.findMany({ where: { order: { externalId: "7001" } }, select: { folio: true } })).toEqual([{ folio: issued.folio }]);
    expect(await hub.db.envelope.count({ where: { documents: { some: { id: issued.id } } } })).toBe(1);
  });

  it("issues an order that waited for folios as soon as a sweep runs after the new CAF arrives", async () => {
    const cafs = await hub.db.caf.findMany({ where: { companyId, documentType: 39 } });
    await hub.db.caf.updateMany({ where: { companyId, documentType: 39 }, data: { state: "exhausted" } });
    await call(store, "POST", "/api/v1/orders", paidOrder("7002"));
    await settle(async () => {
      const o = await hub.db.order.findFirstOrThrow({ where: { externalId: "7002" } });
      return Array.isArray(o.pendingReasons) && o.pendingReasons.length > 0;
    });
    expect(await hub.db.document.count({ where: { order: { externalId: "7002" } } })).toBe(0);

    for (const c of cafs) await hub.db.caf.update({ where: { id: c.id }, data: { state: c.state } });
    await worker.drain();
    expect(await hub.db.document.count({ where: { order: { externalId: "7002" } } })).toBe(0);
    await sweep();
    await settle(async () => (await hub.db.document.count({ where: { order: { externalId: "7002" }, state: "accepted" } })) === 1);
    expect((await hub.db.order.findFirstOrThrow({ where: { externalId: "7002" } })).pendingReasons).toEqual([]);
  });

  it("warns once a day when folios run low, in the audit log and through the API", async () => {
    await hub.db.company.update({ where: { id: companyId }, data: { lowFolioThreshold: 5_000 } });
    const folios = (await (await call(store, "GET", "/api/v1/folios")).json()) as { warnings: Array<{ code: string; documentType: number; message: { es: string } }> };
    expect(folios.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ code: "low_folios", documentType: 39, message: expect.objectContaining({ es: expect.stringContaining("Solicite un nuevo CAF") }) })]));

    await sweep();
    await sweep();
    const audits = await hub.db.auditEvent.findMany({ where: { companyId, action: "caf.low_folios" } });
    expect(audits.filter((a) => a.subjectId.endsWith(":39"))).toHaveLength(1);
    expect(audits.length).toBe(folios.warnings.filter((w) => w.code === "low_folios").length);
  });
});
