import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SII_PATHS } from "../../../src/hub/sii/environments.js";
import { createSiiClient } from "../../../src/hub/sii/client.js";
import { seedSignerFor } from "../../../src/hub/sii/seed-signer.js";
import { createSigningMaterial } from "../../../src/hub/documents/signing-material.js";
import { enqueue } from "../../../src/hub/jobs/job-queue.js";
import { POLL_JOB } from "../../../src/hub/documents/send-envelope.js";
import { createPipeline } from "../../../src/hub/documents/pipeline.js";
import { SEND_JOB } from "../../../src/hub/documents/issue-document.js";
import { RetryLater, type JobContext } from "../../../src/hub/jobs/worker.js";
import { startPipelineHarness, type PipelineHarness } from "../../../src/testing/pipeline-harness.js";

// Issue 13.1: a slow SII made accepted boletas "rejected". An upload is never repeated blindly;
// what the SII has is asked per boleta, and only what it lacks is sent again.

const boletaOrder = (externalId: string) => ({
  externalId,
  status: "paid",
  updatedAt: "2026-11-20T12:00:00Z",
  buyer: { name: "Ana", document: "boleta" },
  lines: [{ externalId: "l1", sku: "TE", name: "Té verde", quantity: 1, unitPrice: 5990 }],
});

/** How many envelopes the SII processed that carry this boleta (must be exactly one). */
function copiesAtSii(h: PipelineHarness, folio: number): number {
  return [...h.sii.state.envelopes.values()].filter((e) =>
    e.result?.documents.some((d) => d.folio === folio && d.tipo === 39),
  ).length;
}

async function verdicts(h: PipelineHarness) {
  return h.hub.db.document.groupBy({ by: ["state"], _count: true });
}

describe("a slow or forgetful SII never turns accepted boletas into rejected ones", () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await startPipelineHarness({
      // The client gives up after 400 ms; the SII answers the upload after 1.5 s (it has the file).
      worker: {
        siiTransport: { timeoutMs: 400, retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 20, jitter: 0 } },
        notReceivedGraceMs: 3_000,
      },
    });
  });
  afterAll(() => h?.close());

  const uploads = () => h.sii.state.requests.filter((r) => r.path === SII_PATHS.boletaEnvio && r.method === "POST");

  it("an upload answered after the client's timeout: one envelope at the SII, every boleta accepted", async () => {
    h.sii.setFault({ kind: "hang-after-upload", delayMs: 1_500, uploads: 1 });
    for (let i = 1; i <= 5; i++) await h.call("POST", "/api/v1/orders", boletaOrder(`H${i}`));
    await h.settle(
      async () => (await h.hub.db.document.count({ where: { state: { in: ["accepted", "rejected"] } } })) === 5,
      "the verdicts",
    );
    expect(await verdicts(h)).toEqual([{ state: "accepted", _count: 5 }]);
    for (const d of await h.hub.db.document.findMany()) expect(copiesAtSii(h, d.folio)).toBe(1);
    expect(await h.hub.db.folioVoid.count()).toBe(0);
    // Looked up one by one through the boleta API's per-boleta state.
    expect(h.sii.state.requests.some((r) => r.path.startsWith(`${SII_PATHS.boletaEstado}/`))).toBe(true);
  });

  it("an upload whose answer is lost on the boleta channel: looked up, not sent twice", async () => {
    const before = uploads().length;
    h.sii.setFault({ kind: "lose-upload-answer" });
    await h.call("POST", "/api/v1/orders", boletaOrder("L1"));
    await h.settle(
      async () => (await h.hub.db.document.count({ where: { order: { externalId: "L1" }, state: "accepted" } })) === 1,
      "the lost boleta",
    );
    expect(uploads().length - before).toBe(1);
    const doc = await h.hub.db.document.findFirstOrThrow({ where: { order: { externalId: "L1" } } });
    expect(copiesAtSii(h, doc.folio)).toBe(1);
    expect(await h.hub.db.folioVoid.count()).toBe(0);
  });

  it("an upload that never reached the SII is sent once it is back, after the SII said it has nothing", async () => {
    h.sii.setFault({ kind: "slow", delayMs: 1_500, times: 3 });
    await h.call("POST", "/api/v1/orders", boletaOrder("S1"));
    await h.settle(
      async () => (await h.hub.db.document.count({ where: { order: { externalId: "S1" }, state: "accepted" } })) === 1,
      "the resent boleta",
    );
    const doc = await h.hub.db.document.findFirstOrThrow({ where: { order: { externalId: "S1" } } });
    expect(copiesAtSii(h, doc.folio)).toBe(1);
    expect(await h.hub.db.folioVoid.count()).toBe(0);
  });

  it("RPT (the SII kept an earlier copy of the file) is asked about per boleta instead of rejecting them", async () => {
    await h.call("POST", "/api/v1/orders", boletaOrder("R1"));
    await h.settle(
      async () => (await h.hub.db.document.count({ where: { order: { externalId: "R1" }, state: "accepted" } })) === 1,
      "the boleta",
    );
    const doc = await h.hub.db.document.findFirstOrThrow({
      where: { order: { externalId: "R1" } },
      include: { envelope: true },
    });
    // The same file uploaded again, as the old blind retry did: the SII answers RPT.
    const material = createSigningMaterial(h.hub.db, h.hub.encryptor);
    const { cert } = await material.certificate(h.companyId);
    const client = createSiiClient({ baseUrl: h.sii.url, signSeed: seedSignerFor(cert) });
    const again = await client.sendEnvelope(doc.envelope!.xml);
    const repeated = await h.hub.db.envelope.create({
      data: {
        companyId: h.companyId,
        channel: "boleta",
        xml: doc.envelope!.xml,
        trackId: again.trackId,
        sentAt: new Date(),
      },
    });
    await h.hub.db.document.update({ where: { id: doc.id }, data: { state: "sent", envelopeId: repeated.id } });
    await enqueue(h.hub.db, { kind: POLL_JOB, payload: { envelopeId: repeated.id } });
    await h.settle(
      async () => (await h.hub.db.envelope.findUniqueOrThrow({ where: { id: repeated.id } })).finalAt !== null,
      "the RPT envelope",
    );
    expect((await h.hub.db.envelope.findUniqueOrThrow({ where: { id: repeated.id } })).siiState).toBe("RPT");
    expect((await h.hub.db.document.findUniqueOrThrow({ where: { id: doc.id } })).state).toBe("accepted");
    expect(await h.hub.db.folioVoid.count()).toBe(0);
  });
});

describe("two sends at once never carry the same documents (issue 13.10)", () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await startPipelineHarness({ worker: { boletaLingerMs: 60_000 } });
  });
  afterAll(() => h?.close());

  it("each boleta goes out in exactly one envelope when two sends race for them", async () => {
    for (let i = 1; i <= 12; i++) await h.call("POST", "/api/v1/orders", boletaOrder(`C${i}`));
    // Issue everything; the sends wait (linger) so the race below is the only sending.
    await h.settle(async () => (await h.hub.db.document.count()) === 12, "the boletas");
    await h.hub.db.job.deleteMany({ where: { kind: "sii.send" } });
    const pipeline = createPipeline({
      db: h.hub.db,
      encryptor: h.hub.encryptor,
      dataDir: h.hub.config.dataDir,
      siiBaseUrl: h.sii.url,
      siiKeys: { ...h.hub.config.siiKeys, 100: h.authority },
      smtpUrl: undefined,
      mailFrom: "dte@demo.cl",
      pollIntervalMs: 20,
    });
    const send = pipeline.handlers[SEND_JOB]!;
    const ctx = (id: number): JobContext => ({
      job: { id: BigInt(id) } as JobContext["job"],
      signal: new AbortController().signal,
      fence: async () => undefined,
      retryIn: (ms) => {
        throw new RetryLater(ms);
      },
    });
    const payload = { companyId: h.companyId, channel: "boleta" };
    const outcomes = await Promise.allSettled([send(payload, ctx(1)), send(payload, ctx(2))]);
    // The loser of the claim asks to run again; it must not have sent anything.
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(RetryLater);
    const docs = await h.hub.db.document.findMany();
    expect(docs.every((d) => d.envelopeId !== null)).toBe(true);
    await h.sii.idle();
    for (const d of docs) expect(copiesAtSii(h, d.folio)).toBe(1);
  });
});
