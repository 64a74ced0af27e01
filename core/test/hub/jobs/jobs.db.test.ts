import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../../../src/hub/db/prisma-client.js";
import { backoffDelay, claimJobs, enqueue, retryJob } from "../../../src/hub/jobs/job-queue.js";
import { PermanentFailure, startWorker } from "../../../src/hub/jobs/worker.js";
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
    const [claimed] = await claimJobs(db, "dead-worker", 1, 1, ["slow"]);
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
