import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../../../src/hub/db/prisma-client.js";
import { backoffDelay, claimJobs, enqueue, purgeFinished, retryJob } from "../../../src/hub/jobs/job-queue.js";
import { PermanentFailure, startWorker, type JobContext } from "../../../src/hub/jobs/worker.js";
import { TimbreError } from "../../../src/errors.js";
import { createTestDatabase, type TestDatabase } from "../../../src/testing/test-database.js";

describe("durable jobs", () => {
  let tdb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });
  beforeEach(async () => {
    await db.job.deleteMany();
  });

  it("runs each enqueued job once, even with several workers claiming at the same time", async () => {
    for (let i = 0; i < 30; i++) await enqueue(db, { kind: "count", payload: { i } });
    const seen: number[] = [];
    const handlers = { count: async (p: unknown) => void seen.push((p as { i: number }).i) };
    const workers = [1, 2, 3].map(() => startWorker(db, { handlers, concurrency: 4 }, false));
    await Promise.all(workers.map((w) => w.drain()));
    await Promise.all(workers.map((w) => w.stop()));
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(await db.job.count({ where: { state: "done" } })).toBe(30);
  });

  it("keeps one waiting job per dedupe key, and work arriving during a run gets its own turn", async () => {
    await Promise.all(Array.from({ length: 10 }, () => enqueue(db, { kind: "process", dedupeKey: "order:1" })));
    expect(await db.job.count()).toBe(1);
    let runs = 0;
    const w = startWorker(
      db,
      {
        handlers: {
          process: async () => {
            runs++;
            // A newer version of the order arrives while the first run is in progress.
            if (runs === 1) await enqueue(db, { kind: "process", dedupeKey: "order:1" });
          },
        },
      },
      false,
    );
    await w.drain();
    await w.stop();
    expect(runs).toBe(2);
    expect(await db.job.count({ where: { state: "done" } })).toBe(2);
  });

  it("finishes a failing job instead of queueing it twice when the same work was queued again", async () => {
    await enqueue(db, { kind: "send", dedupeKey: "send:1" });
    let runs = 0;
    const w = startWorker(
      db,
      {
        handlers: {
          send: async () => {
            runs++;
            if (runs === 1) {
              await enqueue(db, { kind: "send", dedupeKey: "send:1" });
              throw new Error("timeout");
            }
          },
        },
      },
      false,
    );
    await w.drain();
    await w.stop();
    expect(runs).toBe(2);
    expect(await db.job.count({ where: { state: "queued" } })).toBe(0);
  });

  it("retries a failing job with backoff, then dead-letters it with the last error", async () => {
    await enqueue(db, { kind: "flaky", maxAttempts: 3 });
    let calls = 0;
    const handlers = {
      flaky: async () => {
        calls++;
        throw new Error("SII caído");
      },
    };
    const worker = startWorker(db, { handlers, backoff: { baseMs: 1, maxMs: 1, jitter: 0 } }, false);
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 5));
      await worker.drain();
    }
    await worker.stop();
    const job = await db.job.findFirstOrThrow();
    expect(calls).toBe(3);
    expect(job.state).toBe("dead");
    expect(job.lastError).toContain("SII caído");
    // An operator can put it back.
    expect(await retryJob(db, job.id)).toBe(true);
    expect((await db.job.findFirstOrThrow()).state).toBe("queued");
  });

  it("dead-letters at once what retrying cannot fix", async () => {
    await enqueue(db, { kind: "bad" });
    await enqueue(db, { kind: "unconfigured" });
    const worker = startWorker(
      db,
      {
        handlers: {
          bad: async () => {
            throw new PermanentFailure("malformed payload");
          },
          unconfigured: async () => {
            throw new TimbreError("caf.none", { es: "No hay CAF", en: "No CAF" }, { kind: "configuration" });
          },
        },
      },
      false,
    );
    await worker.drain();
    await worker.stop();
    const jobs = await db.job.findMany();
    expect(jobs.map((j) => [j.state, j.attempts])).toEqual([
      ["dead", 1],
      ["dead", 1],
    ]);
  });

  it("gives a job whose worker died to another worker once its lease runs out", async () => {
    await enqueue(db, { kind: "slow" });
    const [claimed] = await claimJobs(db, "dead-worker", [{ kind: "slow", limit: 1, priority: 0, leaseMs: 1 }], 1);
    expect(claimed).toBeDefined();
    await new Promise((r) => setTimeout(r, 10));
    let ran = false;
    const w = startWorker(db, { handlers: { slow: async () => void (ran = true) } }, false);
    await w.drain();
    await w.stop();
    expect(ran).toBe(true);
    expect((await db.job.findFirstOrThrow()).state).toBe("done");
  });

  it("polls without burning attempts when a handler asks to run later", async () => {
    await enqueue(db, { kind: "poll", maxAttempts: 2 });
    let calls = 0;
    const w = startWorker(
      db,
      {
        handlers: {
          poll: async (_p, ctx) => {
            calls++;
            if (calls < 4) ctx.retryIn(1);
          },
        },
      },
      false,
    );
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 5));
      await w.drain();
    }
    await w.stop();
    expect(calls).toBe(4);
    expect((await db.job.findFirstOrThrow()).state).toBe("done");
  });

  it("spreads retries out: exponential, capped, with jitter", () => {
    const p = { baseMs: 1000, maxMs: 60_000, jitter: 0.5 };
    expect(backoffDelay(1, p, () => 1)).toBe(1000);
    expect(backoffDelay(3, p, () => 1)).toBe(4000);
    expect(backoffDelay(20, p, () => 1)).toBe(60_000);
    expect(backoffDelay(3, p, () => 0)).toBe(2000);
  });
});

/** A handler that runs until the test lets it go (a 10-minute sync, without waiting 10 minutes). */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  let started!: () => void;
  const began = new Promise<void>((r) => (started = r));
  return {
    open,
    began,
    handler: async () => {
      started();
      await opened;
    },
  };
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("the job worker under long jobs, takeovers and priorities", () => {
  let tdb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });
  beforeEach(async () => {
    await db.job.deleteMany();
  });

  it("a 10-minute job does not delay an SII send queued after it", async () => {
    const sync = gate();
    const sent: number[] = [];
    const w = startWorker(db, {
      handlers: {
        "platform.sync": sync.handler,
        "document.email": async () => undefined,
        "sii.send": async () => void sent.push(Date.now()),
      },
      concurrency: 4,
      pollMs: 60_000,
    });
    try {
      // The sync and an e-mail are claimed together; the old worker waited for the whole batch.
      await enqueue(db, { kind: "platform.sync" });
      await enqueue(db, { kind: "document.email" });
      w.wake();
      await sync.began;
      const queuedAt = Date.now();
      await enqueue(db, { kind: "sii.send" });
      w.wake();
      await until("the send", async () => (await db.job.count({ where: { kind: "sii.send", state: "done" } })) === 1);
      expect(w.running()["platform.sync"]).toBe(1);
      expect(sent[0]! - queuedAt).toBeLessThan(5_000);
    } finally {
      sync.open();
      await w.stop();
    }
    expect(await db.job.count({ where: { state: "done" } })).toBe(3);
  });

  it("long jobs of one kind never take every slot", async () => {
    const sync = gate();
    let sends = 0;
    const w = startWorker(db, {
      handlers: { "platform.sync": sync.handler, "sii.send": async () => void sends++ },
      kinds: { "sii.send": { concurrency: 4 } },
      concurrency: 4,
      pollMs: 60_000,
    });
    try {
      for (let i = 0; i < 6; i++) await enqueue(db, { kind: "platform.sync", payload: { store: i } });
      w.wake();
      await until("the syncs", () => (w.running()["platform.sync"] ?? 0) === 2);
      await enqueue(db, { kind: "sii.send" });
      w.wake();
      await until("the send", () => sends === 1);
      // Half the slots at most for a kind without its own limit.
      expect(w.running()["platform.sync"]).toBe(2);
    } finally {
      sync.open();
      await w.stop();
    }
  });

  it("a job whose lease expired mid-run is neither lost nor completed twice", async () => {
    await enqueue(db, { kind: "sync" });
    const first = gate();
    let runs = 0;
    const handler = async (_p: unknown, ctx: JobContext) => {
      runs++;
      if (runs === 1) await first.handler();
      // What a run writes in its own transaction happens only while it owns the job.
      await db.$transaction(async (tx) => {
        await ctx.fence(tx);
        await enqueue(tx, { kind: "after-sync", payload: { by: runs } });
      });
    };
    // A worker whose heartbeat stalls (event loop blocked, network cut): its lease runs out.
    const stalled = startWorker(
      db,
      { handlers: { sync: handler }, leaseMs: 150, heartbeatMs: 3_600_000, pollMs: 60_000 },
      true,
    );
    await first.began;
    await new Promise((r) => setTimeout(r, 300));
    const healthy = startWorker(db, { handlers: { sync: handler } }, false);
    await healthy.drain();
    expect(runs).toBe(2);
    // The stalled run comes back to life and tries to finish.
    first.open();
    await until("the stalled run to end", () => Object.keys(stalled.running()).length === 0);
    await stalled.stop();
    await healthy.stop();
    const jobs = await db.job.findMany({ orderBy: { id: "asc" } });
    expect(jobs.map((j) => [j.kind, j.state, j.runs])).toEqual([
      ["sync", "done", 2],
      ["after-sync", "queued", 0],
    ]);
    expect(jobs[1]!.payload).toEqual({ by: 2 });
  });

  it("a heartbeat keeps a long job's lease, so nobody takes it over while it runs", async () => {
    await enqueue(db, { kind: "long" });
    let runs = 0;
    const handler = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 2_500));
    };
    // The lease is a fraction of the run: only the heartbeat keeps it.
    const a = startWorker(db, { handlers: { long: handler }, leaseMs: 1_000, heartbeatMs: 100, pollMs: 20 });
    const b = startWorker(db, { handlers: { long: handler }, leaseMs: 1_000, heartbeatMs: 100, pollMs: 20 });
    await until("the job to finish", async () => (await db.job.count({ where: { state: "done" } })) === 1);
    await a.stop();
    await b.stop();
    expect(runs).toBe(1);
  });

  it("takes a dead worker's job over within seconds of its last heartbeat", async () => {
    await enqueue(db, { kind: "send" });
    // Claimed by a worker that then died (kill -9: no heartbeat, no release).
    await claimJobs(db, "dead-worker", [{ kind: "send", limit: 1, priority: 0, leaseMs: 500 }], 1);
    const diedAt = Date.now();
    let ranAt = 0;
    const w = startWorker(db, { handlers: { send: async () => void (ranAt = Date.now()) }, heartbeatMs: 100 });
    await until("the takeover", () => ranAt > 0);
    await w.stop();
    expect(ranAt - diedAt).toBeLessThan(3_000);
    expect((await db.job.findFirstOrThrow()).state).toBe("done");
  });

  it("never dead-letters a job that asks to run later on its last attempt", async () => {
    await enqueue(db, { kind: "poll", maxAttempts: 1 });
    let calls = 0;
    const w = startWorker(
      db,
      {
        handlers: {
          poll: async (_p, ctx) => {
            calls++;
            if (calls < 3) ctx.retryIn(1);
          },
        },
      },
      false,
    );
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 5));
      await w.drain();
    }
    await w.stop();
    expect(calls).toBe(3);
    expect((await db.job.findFirstOrThrow()).state).toBe("done");
  });

  it("keeps a kind's own backoff whatever the worker's default says", async () => {
    await enqueue(db, { kind: "sii.send" });
    await enqueue(db, { kind: "other" });
    const fail = async () => {
      throw new Error("SII caído");
    };
    const w = startWorker(
      db,
      {
        handlers: { "sii.send": fail, other: fail },
        backoff: { baseMs: 1, maxMs: 1, jitter: 0 },
        kinds: { "sii.send": { backoff: { baseMs: 60_000, maxMs: 60_000, jitter: 0 } } },
      },
      false,
    );
    const before = Date.now();
    await w.drain();
    await w.stop();
    const send = await db.job.findFirstOrThrow({ where: { kind: "sii.send" } });
    const other = await db.job.findFirstOrThrow({ where: { kind: "other" } });
    expect(send.runAt.getTime() - before).toBeGreaterThan(55_000);
    expect(other.runAt.getTime() - before).toBeLessThan(1_000);
  });

  it("runs issuing and sending before e-mail and write-back when slots are scarce", async () => {
    await enqueue(db, { kind: "document.email" });
    await enqueue(db, { kind: "document.writeback" });
    await enqueue(db, { kind: "sii.send" });
    await enqueue(db, { kind: "order.process" });
    const order: string[] = [];
    const record = (kind: string) => async () => void order.push(kind);
    const kinds = ["document.email", "document.writeback", "sii.send", "order.process"];
    const w = startWorker(
      db,
      {
        handlers: Object.fromEntries(kinds.map((k) => [k, record(k)])),
        concurrency: 1,
        kinds: {
          "order.process": { priority: 10 },
          "sii.send": { priority: 10 },
          "document.email": { priority: 60 },
          "document.writeback": { priority: 60 },
        },
      },
      false,
    );
    await w.drain();
    await w.stop();
    expect(order.slice(0, 2).sort()).toEqual(["order.process", "sii.send"]);
    expect(order.slice(2).sort()).toEqual(["document.email", "document.writeback"]);
  });

  it("runs jobs with one dedupe key one at a time", async () => {
    const first = gate();
    let running = 0;
    let most = 0;
    let runs = 0;
    const w = startWorker(db, {
      handlers: {
        send: async () => {
          runs++;
          running++;
          most = Math.max(most, running);
          if (runs === 1) await first.handler();
          running--;
        },
      },
      concurrency: 4,
      kinds: { send: { concurrency: 4 } },
      pollMs: 20,
    });
    await enqueue(db, { kind: "send", dedupeKey: "sii.send:company:boleta" });
    await first.began;
    await enqueue(db, { kind: "send", dedupeKey: "sii.send:company:boleta" });
    await new Promise((r) => setTimeout(r, 200));
    expect(runs).toBe(1);
    first.open();
    await until("the second send", () => runs === 2 && running === 0);
    await w.stop();
    expect(most).toBe(1);
  });

  it("reads the error's own retry flag, not its kind", async () => {
    await enqueue(db, { kind: "final-upstream" });
    await enqueue(db, { kind: "busy-input", maxAttempts: 5 });
    const w = startWorker(
      db,
      {
        handlers: {
          "final-upstream": async () => {
            throw new TimbreError("x", { es: "Rechazado", en: "Refused" }, { kind: "upstream", retryable: false });
          },
          "busy-input": async () => {
            throw new TimbreError("y", { es: "Ocupado", en: "Busy" }, { kind: "invalid_input", retryable: true });
          },
        },
      },
      false,
    );
    await w.drain();
    await w.stop();
    const byKind = Object.fromEntries((await db.job.findMany()).map((j) => [j.kind, j]));
    expect(byKind["final-upstream"]!.state).toBe("dead");
    expect(byKind["final-upstream"]!.lastError).toBe("x: Rechazado");
    expect(byKind["busy-input"]!.state).toBe("queued");
  });

  it("purges finished jobs after the retention period and keeps dead ones", async () => {
    await db.job.createMany({
      data: [
        { kind: "old", state: "done", finishedAt: new Date(Date.now() - 4 * 86_400_000) },
        { kind: "recent", state: "done", finishedAt: new Date() },
        { kind: "dead", state: "dead", finishedAt: new Date(Date.now() - 30 * 86_400_000) },
      ],
    });
    expect(await purgeFinished(db, 3 * 86_400_000)).toBe(1);
    expect((await db.job.findMany({ orderBy: { kind: "asc" } })).map((j) => j.kind)).toEqual(["dead", "recent"]);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "starts new work at once on PostgreSQL (LISTEN), not at the next poll",
    async () => {
      let ranAt = 0;
      const w = startWorker(db, {
        handlers: { quick: async () => void (ranAt = Date.now()) },
        pollMs: 60_000,
        listenUrl: tdb.url,
      });
      await new Promise((r) => setTimeout(r, 500));
      const other = createPrismaClient(tdb.url);
      const at = Date.now();
      await enqueue(other, { kind: "quick" });
      await until("the notified run", () => ranAt > 0, 5_000);
      await other.$disconnect();
      await w.stop();
      expect(ranAt - at).toBeLessThan(2_000);
    },
  );
});
