import { randomUUID } from "node:crypto";
import type { Job } from "@prisma/client";
import { isTimbreError } from "../../errors.js";
import type { Db } from "../db/prisma-client.js";
import type { Tx } from "../db/run-transaction.js";
import { logger } from "../logging/logger.js";
import {
  claimJobs,
  completeJob,
  extendLeases,
  failJob,
  purgeFinished,
  reclaimExpired,
  releaseRuns,
  type BackoffPolicy,
  type ClaimSlot,
  type FailOutcome,
} from "./job-queue.js";
import { listenForJobs, type JobListener } from "./job-listener.js";

export interface JobContext {
  job: Job;
  /** Aborted when this run lost its lease (another worker took the job over) or the worker stops for good. */
  signal: AbortSignal;
  /** Ask for a later run without counting it as a failure's backoff (e.g. "SII still processing"). */
  retryIn(ms: number): never;
  /**
   * Inside the handler's own transaction: locks the job row and throws LeaseLost unless this run
   * still holds it, so what the transaction writes (follow-up jobs, state changes) happens only for
   * the run that owns the job.
   */
  fence(tx: Tx): Promise<void>;
}

export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

/** Thrown by a handler to be run again after a fixed delay. */
export class RetryLater extends Error {
  constructor(
    readonly delayMs: number,
    reason = "retry later",
  ) {
    super(reason);
  }
}

/** Thrown (or a TimbreError that is not retryable) to dead-letter at once. */
export class PermanentFailure extends Error {}

/** This run's lease was taken over: whatever it was doing belongs to another run now. */
export class LeaseLost extends Error {
  constructor(job: Pick<Job, "id" | "kind">) {
    super(`job ${job.kind} #${job.id} was taken over by another run`);
  }
}

/** How one kind of job is run. Everything is optional; the worker's defaults fill the rest. */
export interface KindPolicy {
  /** At most this many at once in one worker (default: half the worker's slots, so no kind fills it). */
  concurrency?: number;
  /** Without a heartbeat for this long, another worker takes the job over (default: the worker's). */
  leaseMs?: number;
  /** Its own retry backoff; wins over the worker's default. */
  backoff?: BackoffPolicy;
  /** Lower runs first when slots are scarce (default 50). Issuing and sending come before e-mail. */
  priority?: number;
}

export interface WorkerOptions {
  handlers: Record<string, JobHandler>;
  /** Per kind: concurrency, lease, backoff, priority. */
  kinds?: Record<string, KindPolicy>;
  /** Slots: jobs running at once in this worker (default 8). */
  concurrency?: number;
  /** Looking for due work when nothing woke the worker (default 1 s). */
  pollMs?: number;
  /** Default lease (15 s): how long a dead worker's jobs wait before another takes them over. */
  leaseMs?: number;
  /** Between heartbeats (default a third of the shortest lease). */
  heartbeatMs?: number;
  /** Backoff of kinds without their own. */
  backoff?: BackoffPolicy;
  /** Finished jobs are deleted after this long (default 3 days); dead ones stay. */
  retentionMs?: number;
  /** How long stop() waits for running jobs before handing them back to the queue (default 30 s). */
  stopGraceMs?: number;
  /** A PostgreSQL URL to LISTEN on for new work (not PGlite: its one session cannot route notifications). */
  listenUrl?: string;
  onError?: (job: Job, error: unknown, outcome: FailOutcome, flags: ErrorFlags) => void;
}

export interface ErrorFlags {
  retryable: boolean;
  merchantActionable: boolean;
}

export interface Worker {
  readonly id: string;
  /** Look for work now instead of at the next poll (call after enqueueing). */
  wake(): void;
  /** Runs jobs until nothing is due and nothing runs; for tests and the CLI. Returns how many ran. */
  drain(): Promise<number>;
  /** Jobs running now, by kind (for tests and health). */
  running(): Record<string, number>;
  stop(): Promise<void>;
}

const DEFAULT_PRIORITY = 50;

function flagsOf(e: unknown): ErrorFlags {
  if (e instanceof PermanentFailure) return { retryable: false, merchantActionable: false };
  if (isTimbreError(e)) return { retryable: e.retryable, merchantActionable: e.merchantActionable };
  return { retryable: true, merchantActionable: false };
}

/** What the job row keeps: the merchant's Spanish message for typed errors (internal detail goes to the log). */
function errorText(e: unknown): string {
  if (isTimbreError(e)) return `${e.code}: ${e.user.es}`;
  return String((e as Error)?.message ?? e);
}

interface Run {
  job: Job;
  leaseMs: number;
  abort: AbortController;
  done: Promise<void>;
}

export function startWorker(db: Db, options: WorkerOptions, autostart = true): Worker {
  const workerId = `${process.pid}:${randomUUID().slice(0, 8)}`;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const defaultLease = options.leaseMs ?? 15_000;
  const pollMs = options.pollMs ?? 1_000;
  const retentionMs = options.retentionMs ?? 3 * 86_400_000;
  const stopGraceMs = options.stopGraceMs ?? 30_000;
  const kinds = Object.keys(options.handlers);
  const policy = (kind: string) => {
    const p = options.kinds?.[kind] ?? {};
    return {
      concurrency: Math.max(1, Math.min(concurrency, p.concurrency ?? Math.ceil(concurrency / 2))),
      leaseMs: p.leaseMs ?? defaultLease,
      backoff: p.backoff ?? options.backoff,
      priority: p.priority ?? DEFAULT_PRIORITY,
    };
  };
  const policies = new Map(kinds.map((k) => [k, policy(k)]));
  const heartbeatMs =
    options.heartbeatMs ?? Math.max(50, Math.floor(Math.min(...[...policies.values()].map((p) => p.leaseMs)) / 3));

  const runs = new Map<bigint, Run>();
  let stopped = false;
  let claiming: Promise<void> | undefined;
  let again = false;
  let ran = 0;
  let pollTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let lastPurge = 0;
  let listener: JobListener | undefined;

  const runningOf = (kind: string) => [...runs.values()].filter((r) => r.job.kind === kind).length;

  async function finish(run: Run): Promise<void> {
    const { job } = run;
    const handler = options.handlers[job.kind];
    const ctx: JobContext = {
      job,
      signal: run.abort.signal,
      retryIn(ms) {
        throw new RetryLater(ms);
      },
      async fence(tx) {
        const held = await tx.$queryRaw<unknown[]>`
          SELECT 1 FROM "Job" WHERE id = ${job.id} AND runs = ${job.runs} AND state = 'running' FOR UPDATE`;
        if (held.length === 0) throw new LeaseLost(job);
      },
    };
    try {
      if (!handler) throw new PermanentFailure(`no handler for job kind ${job.kind}`);
      await handler(job.payload, ctx);
      if (!(await completeJob(db, job)))
        logger.warn({ jobId: String(job.id), jobKind: job.kind }, "jobs: finished after its lease was taken over");
    } catch (e) {
      if (e instanceof LeaseLost) return;
      if (e instanceof RetryLater) {
        // Polling is not failing: the attempt is given back, and the last one never dead-letters.
        await failJob(db, job, e.message, { delayMs: e.delayMs, giveBack: true });
        return;
      }
      const flags = flagsOf(e);
      const backoff = policies.get(job.kind)?.backoff;
      const outcome = await failJob(db, job, errorText(e), {
        final: !flags.retryable,
        ...(backoff ? { backoff } : {}),
      });
      options.onError?.(job, e, outcome, flags);
    }
  }

  function start(job: Job): void {
    const run: Run = {
      job,
      leaseMs: policies.get(job.kind)?.leaseMs ?? defaultLease,
      abort: new AbortController(),
      done: Promise.resolve(),
    };
    runs.set(job.id, run);
    ran += 1;
    run.done = finish(run)
      .catch((e: unknown) =>
        logger.error({ err: e, jobId: String(job.id), jobKind: job.kind }, "jobs: could not record the outcome"),
      )
      .finally(() => {
        runs.delete(job.id);
        // A slot is free: refill it now, whatever the others are doing.
        fill();
      });
  }

  /** Claims as many jobs as there are free slots (per kind), in one statement; again while slots stay full. */
  async function claimRound(): Promise<void> {
    do {
      again = false;
      const free = concurrency - runs.size;
      if (stopped || free <= 0) return;
      const slots: ClaimSlot[] = kinds.map((kind) => {
        const p = policies.get(kind)!;
        return {
          kind,
          limit: Math.min(free, p.concurrency - runningOf(kind)),
          priority: p.priority,
          leaseMs: p.leaseMs,
        };
      });
      const jobs = await claimJobs(db, workerId, slots, free);
      for (const job of jobs) start(job);
      if (jobs.length > 0 && jobs.length === free) again = true;
    } while (again);
  }

  function fill(): void {
    if (stopped) return;
    if (claiming) {
      again = true;
      return;
    }
    claiming = claimRound()
      .catch((e: unknown) => logger.error({ err: e, workerId }, "jobs: claim failed"))
      .finally(() => {
        claiming = undefined;
        if (again) fill();
        else schedulePoll();
      });
  }

  function schedulePoll(): void {
    if (stopped || !autostart) return;
    clearTimeout(pollTimer);
    pollTimer = setTimeout(fill, pollMs);
  }

  async function heartbeat(): Promise<void> {
    const held = [...runs.values()];
    if (held.length > 0) {
      const still = await extendLeases(
        db,
        held.map((r) => ({ id: r.job.id, runs: r.job.runs, leaseMs: r.leaseMs })),
      );
      for (const r of held) if (!still.has(r.job.id) && runs.get(r.job.id) === r) r.abort.abort(new LeaseLost(r.job));
    }
    // Takeover: another worker's (or our own stalled) runs whose lease ran out.
    if ((await reclaimExpired(db)) > 0) fill();
    if (Date.now() - lastPurge > 10 * 60_000) {
      lastPurge = Date.now();
      await purgeFinished(db, retentionMs);
    }
  }

  function beat(): void {
    if (stopped) return;
    heartbeat()
      .catch((e: unknown) => logger.error({ err: e, workerId }, "jobs: heartbeat failed"))
      .finally(() => {
        if (!stopped && autostart) heartbeatTimer = setTimeout(beat, heartbeatMs);
      });
  }

  if (autostart) {
    setImmediate(fill);
    heartbeatTimer = setTimeout(beat, heartbeatMs);
    if (options.listenUrl) listener = listenForJobs(options.listenUrl, () => fill());
  }

  return {
    id: workerId,
    wake: () => fill(),
    async drain() {
      const before = ran;
      for (;;) {
        // Without the live loop nobody beats: take over expired runs here (tests of a dead worker).
        if (!autostart) await reclaimExpired(db);
        fill();
        while (claiming) await claiming;
        if (runs.size === 0) break;
        await Promise.race([...runs.values()].map((r) => r.done));
      }
      return ran - before;
    },
    running() {
      const out: Record<string, number> = {};
      for (const r of runs.values()) out[r.job.kind] = (out[r.job.kind] ?? 0) + 1;
      return out;
    },
    async stop() {
      stopped = true;
      clearTimeout(pollTimer);
      clearTimeout(heartbeatTimer);
      await listener?.close();
      await claiming;
      const pending = [...runs.values()];
      if (pending.length === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<"late">((r) => (timer = setTimeout(() => r("late"), stopGraceMs)));
      const outcome = await Promise.race([Promise.all(pending.map((r) => r.done)).then(() => "done" as const), grace]);
      clearTimeout(timer);
      if (outcome === "late") {
        // Hand what still runs back to the queue so another worker takes it at once.
        for (const r of runs.values()) r.abort.abort(new Error("worker stopping"));
        await releaseRuns(
          db,
          [...runs.values()].map((r) => r.job),
        ).catch(() => undefined);
      }
    },
  };
}
