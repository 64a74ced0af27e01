import { randomUUID } from "node:crypto";
import type { Job } from "@prisma/client";
import { isTimbreError } from "../../errors.js";
import type { Db } from "../db/prisma-client.js";
import { logger } from "../logging/logger.js";
import { claimJobs, completeJob, failJob, type BackoffPolicy } from "./job-queue.js";

export interface JobContext {
  job: Job;
  /** Ask for a later run without counting it as a failure's backoff (e.g. "SII still processing"). */
  retryIn(ms: number): never;
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

/** Thrown (or a TimbreError of kind invalid_input/configuration/not_found) to dead-letter at once. */
export class PermanentFailure extends Error {}

export interface WorkerOptions {
  handlers: Record<string, JobHandler>;
  concurrency?: number;
  pollMs?: number;
  leaseMs?: number;
  backoff?: BackoffPolicy;
  /** A kind's own backoff, where the default would wait too long (e.g. the SII coming back). */
  backoffByKind?: Record<string, BackoffPolicy>;
  onError?: (job: Job, error: unknown, outcome: "retry" | "dead") => void;
}

export interface Worker {
  /** Look for work now instead of at the next poll (call after enqueueing). */
  wake(): void;
  /** Runs claim rounds until nothing is due; for tests and the CLI. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

function isPermanent(e: unknown): boolean {
  if (e instanceof PermanentFailure) return true;
  return isTimbreError(e) && ["invalid_input", "configuration", "not_found", "unauthorized"].includes(e.kind);
}

export function startWorker(db: Db, options: WorkerOptions, autostart = true): Worker {
  const workerId = `${process.pid}:${randomUUID().slice(0, 8)}`;
  const concurrency = options.concurrency ?? 4;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const kinds = Object.keys(options.handlers);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function runOne(job: Job): Promise<void> {
    const handler = options.handlers[job.kind];
    const ctx: JobContext = {
      job,
      retryIn(ms) {
        throw new RetryLater(ms);
      },
    };
    try {
      if (!handler) throw new PermanentFailure(`no handler for job kind ${job.kind}`);
      await handler(job.payload, ctx);
      await completeJob(db, job.id, workerId);
    } catch (e) {
      if (e instanceof RetryLater) {
        // Polling is not failing: give the attempt back.
        await db.$executeRaw`UPDATE "Job" SET attempts = GREATEST(attempts - 1, 0) WHERE id = ${job.id}`;
        await failJob(db, job, workerId, e.message, { delayMs: e.delayMs });
        return;
      }
      const message = isTimbreError(e)
        ? `${e.code}: ${e.message}${e.detail ? ` (${e.detail})` : ""}`
        : String((e as Error)?.message ?? e);
      const backoff = options.backoff ?? options.backoffByKind?.[job.kind];
      const outcome = await failJob(db, job, workerId, message, {
        final: isPermanent(e),
        ...(backoff ? { backoff } : {}),
      });
      options.onError?.(job, e, outcome);
    }
  }

  async function round(): Promise<number> {
    let total = 0;
    for (;;) {
      if (stopped) return total;
      const jobs = await claimJobs(db, workerId, concurrency, leaseMs, kinds);
      if (jobs.length === 0) return total;
      await Promise.all(jobs.map(runOne));
      total += jobs.length;
    }
  }

  function schedule(delay: number) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delay);
  }

  function tick() {
    if (running) return;
    running = round()
      .catch((e) => {
        logger.error({ err: e }, "jobs: claim round failed");
        return 0;
      })
      .finally(() => {
        running = undefined;
        schedule(options.pollMs ?? 1000);
      });
  }

  if (autostart) schedule(0);
  return {
    wake: () => schedule(0),
    async drain() {
      await running;
      return round();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
