import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconcileJob } from "../../../src/hub/documents/reconcile-pipeline.js";
import type { JobContext } from "../../../src/hub/jobs/worker.js";
import { createStore, type CreatedStore } from "../../../src/hub/stores/create-store.js";
import { startPipelineHarness, type PipelineHarness } from "../../../src/testing/pipeline-harness.js";

const paidOrder = (externalId: string) => ({
  externalId,
  number: `#${externalId}`,
  status: "paid",
  updatedAt: "2026-11-20T12:00:00Z",
  buyer: { email: `c${externalId}@example.cl`, name: "Ana Pérez", document: "boleta" },
  lines: [{ externalId: "l1", sku: "CAFE-1K", name: "Café en grano 1 kg", quantity: 1, unitPrice: 9990 }],
});

describe("the reconciliation sweep picks up what no job carries any more, and warns about folios", () => {
  let h: PipelineHarness;
  let sibling: CreatedStore;
  const sweep = () => reconcileJob({ db: h.hub.db, graceMs: 0 })({}, {} as JobContext);

  beforeAll(async () => {
    h = await startPipelineHarness({
      worker: {
        backoff: { baseMs: 5, maxMs: 10, jitter: 0 },
        siiTransport: { timeoutMs: 1_000, retry: { attempts: 1 } },
      },
    });
    sibling = await createStore(h.hub.db, h.hub.encryptor, {
      companyId: h.companyId,
      platform: "prestashop",
      name: "Presta",
      shopDomain: "presta.example",
      actor: "test",
    });
  });
  afterAll(() => h?.close());

  it("sends a document whose send job died during a long SII outage, once the SII is back, without a second folio", async () => {
    h.sii.setFault({ kind: "down" });
    expect((await h.call("POST", "/api/v1/orders", paidOrder("7001"))).status).toBe(202);
    await h.settle(async () => (await h.hub.db.job.count({ where: { kind: "sii.send", state: "dead" } })) === 1);
    h.sii.clearFaults();
    await h.worker.drain();
    const issued = await h.hub.db.document.findFirstOrThrow({ where: { order: { externalId: "7001" } } });
    expect(issued.state).toBe("issued");

    // The store's admin screen sees the dead job and why; a store of the same company sees the
    // company's SII work too, but not the other store's order jobs.
    const dead = (await (await h.call("GET", "/api/v1/jobs?state=dead")).json()) as {
      jobs: Array<{ kind: string; lastError: string }>;
    };
    expect(dead.jobs).toEqual([
      expect.objectContaining({ kind: "sii.send", lastError: expect.stringContaining("SII") }),
    ]);
    const mine = (await (await h.call("GET", "/api/v1/jobs")).json()) as { jobs: Array<{ kind: string }> };
    const theirs = (await (await h.call("GET", "/api/v1/jobs", undefined, sibling)).json()) as {
      jobs: Array<{ kind: string }>;
    };
    expect(mine.jobs.map((j) => j.kind)).toContain("order.process");
    expect(theirs.jobs.map((j) => j.kind)).not.toContain("order.process");
    expect((await h.call("GET", "/api/v1/jobs?state=stuck")).status).toBe(400);

    await sweep();
    await h.settle(
      async () => (await h.hub.db.document.findUniqueOrThrow({ where: { id: issued.id } })).state === "accepted",
    );
    expect(
      await h.hub.db.document.findMany({ where: { order: { externalId: "7001" } }, select: { folio: true } }),
    ).toEqual([{ folio: issued.folio }]);
    expect(await h.hub.db.envelope.count({ where: { documents: { some: { id: issued.id } } } })).toBe(1);
  });

  it("issues an order that waited for folios as soon as a sweep runs after the new CAF arrives", async () => {
    const cafs = await h.hub.db.caf.findMany({ where: { companyId: h.companyId, documentType: 39 } });
    await h.hub.db.caf.updateMany({
      where: { companyId: h.companyId, documentType: 39 },
      data: { state: "exhausted" },
    });
    await h.call("POST", "/api/v1/orders", paidOrder("7002"));
    await h.settle(async () => {
      const o = await h.hub.db.order.findFirstOrThrow({ where: { externalId: "7002" } });
      return Array.isArray(o.pendingReasons) && o.pendingReasons.length > 0;
    });
    expect(await h.hub.db.document.count({ where: { order: { externalId: "7002" } } })).toBe(0);

    for (const c of cafs) await h.hub.db.caf.update({ where: { id: c.id }, data: { state: c.state } });
    await h.worker.drain();
    expect(await h.hub.db.document.count({ where: { order: { externalId: "7002" } } })).toBe(0);
    await sweep();
    await h.settle(
      async () =>
        (await h.hub.db.document.count({ where: { order: { externalId: "7002" }, state: "accepted" } })) === 1,
    );
    expect((await h.hub.db.order.findFirstOrThrow({ where: { externalId: "7002" } })).pendingReasons).toEqual([]);
  });

  it("warns once a day when folios run low, in the audit log and through the API", async () => {
    await h.hub.db.company.update({ where: { id: h.companyId }, data: { lowFolioThreshold: 5_000 } });
    const folios = (await (await h.call("GET", "/api/v1/folios")).json()) as {
      warnings: Array<{ code: string; documentType: number; message: { es: string } }>;
    };
    expect(folios.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: "low_folios",
          documentType: 39,
          message: expect.objectContaining({ es: expect.stringContaining("Solicite un nuevo CAF") }),
        }),
      ]),
    );

    await sweep();
    await sweep();
    const audits = await h.hub.db.auditEvent.findMany({ where: { companyId: h.companyId, action: "caf.low_folios" } });
    expect(audits.filter((a) => a.subjectId.endsWith(":39"))).toHaveLength(1);
    expect(audits.length).toBe(folios.warnings.filter((w) => w.code === "low_folios").length);
  });
});
