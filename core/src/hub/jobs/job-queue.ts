import type { Job, Prisma } from "@prisma/client";
import type { Db } from "../db/prisma-client.js";

/** Anything that can run queries: the client or a transaction (enqueue inside the use case's). */
export type DbLike = Pick<Db, "$executeRaw" | "$queryRaw" | "job">;

export interface EnqueueOptions {
  kind: string;
  payload?: Prisma.InputJsonValue;
  runAt?: Date;
  /** While a job with this key is waiting, enqueueing it again is a no-op (a running one does not count:
   * what arrived while it ran gets its own turn). */
  dedupeKey?: string;
  maxAttempts?: number;
}

export async function enqueue(db: DbLike, o: EnqueueOptions): Promise<void> {
  // ON CONFLICT against the partial unique index (state queued) makes dedupe atomic.
  await db.$executeRaw`
    INSERT INTO "Job" (kind, payload, "dedupeKey", "runAt", "maxAttempts", "updatedAt")
    VALUES (${o.kind}, ${JSON.stringify(o.payload ?? {})}::jsonb, ${o.dedupeKey ?? null}, ${o.runAt ?? new Date()}, ${o.maxAttempts ?? 10}, now())
    ON CONFLICT ("dedupeKey") WHERE state = 'queued' DO NOTHING`;
}

/**
 * Claims up to `limit` due jobs for this worker. Rows another replica is claiming are skipped, and a
 * running job whose lease ran out (its worker died) is claimable again.
 */
export async function claimJobs(
  db: DbLike,
  workerId: string,
  limit: number,
  leaseMs: number,
  kinds?: string[],
): Promise<Job[]> {
  const until = new Date(Date.now() + leaseMs);
  const kindFilter = kinds && kinds.length > 0 ? kinds : null;
  return db.$queryRaw<Job[]>`
    UPDATE "Job" SET state = 'running', "lockedBy" = ${workerId}, "lockedUntil" = ${until},
      attempts = attempts + 1, "updatedAt" = now()
    WHERE id IN (
      SELECT id FROM "Job"
      WHERE ((state = 'queued' AND "runAt" <= now()) OR (state = 'running' AND "lockedUntil" < now()))
        AND (${kindFilter}::text[] IS NULL OR kind = ANY(${kindFilter}::text[]))
      ORDER BY "runAt", id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`;
}

export async function completeJob(db: DbLike, id: bigint, workerId: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "Job" SET state = 'done', "finishedAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL, "updatedAt" = now()
    WHERE id = ${id} AND "lockedBy" = ${workerId}`;
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** 0..1: the share of each delay that is random, so retries of many jobs spread out. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 30 * 60_000, jitter: 0.3 };

export function backoffDelay(attempt: number, p: BackoffPolicy = DEFAULT_BACKOFF, random = Math.random): number {
  const raw = Math.min(p.maxMs, p.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (1 - p.jitter + p.jitter * random()));
}

/**
 * A failed attempt: retried later with backoff, or dead-lettered when it was final or the attempts
 * ran out. Dead jobs stay visible (CLI, API) until someone retries them.
 */
export async function failJob(
  db: DbLike,
  job: Pick<Job, "id" | "attempts" | "maxAttempts">,
  workerId: string,
  error: string,
  options: { final?: boolean; backoff?: BackoffPolicy; delayMs?: number } = {},
): Promise<"retry" | "dead"> {
  const dead = options.final === true || job.attempts >= job.maxAttempts;
  if (dead) {
    await db.$executeRaw`
      UPDATE "Job" SET state = 'dead', "lastError" = ${error}, "finishedAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL, "updatedAt" = now()
      WHERE id = ${job.id} AND "lockedBy" = ${workerId}`;
    return "dead";
  }
  const runAt = new Date(Date.now() + (options.delayMs ?? backoffDelay(job.attempts, options.backoff)));
  // If the same work was queued again meanwhile, that job will do it: this one is finished.
  await db.$executeRaw`
    UPDATE "Job" j SET
      state = CASE WHEN EXISTS (SELECT 1 FROM "Job" d WHERE d."dedupeKey" = j."dedupeKey" AND d.state = 'queued' AND d.id <> j.id)
                   THEN 'done'::"JobState" ELSE 'queued'::"JobState" END,
      "lastError" = ${error}, "runAt" = ${runAt}, "lockedBy" = NULL, "lockedUntil" = NULL, "updatedAt" = now()
    WHERE id = ${job.id} AND "lockedBy" = ${workerId}`;
  return "retry";
}

/** Puts a dead (or stuck) job back in the queue with a fresh set of attempts. */
export async function retryJob(db: DbLike, id: bigint): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "Job" SET state = 'queued', attempts = 0, "runAt" = now(), "finishedAt" = NULL, "lockedBy" = NULL, "lockedUntil" = NULL, "updatedAt" = now()
    WHERE id = ${id} AND state IN ('dead', 'queued')
      AND NOT EXISTS (SELECT 1 FROM "Job" d WHERE d."dedupeKey" = "Job"."dedupeKey" AND d.state = 'queued' AND d.id <> "Job".id)`;
  return n > 0;
}
