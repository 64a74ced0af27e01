import type { Job, Prisma } from "@prisma/client";
import type { Db } from "../db/prisma-client.js";

/** Anything that can run queries: the client or a transaction (enqueue inside the use case's). */
export type DbLike = Pick<Db, "$executeRaw" | "$queryRaw" | "job">;

export interface EnqueueOptions {
  kind: string;
  payload?: Prisma.InputJsonValue;
  runAt?: Date;
  /** While a job with this key is waiting, enqueueing it again is a no-op (a running one does not count:
   * what arrived while it ran gets its own turn, after it). Jobs with one key never run at once. */
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

/** Many jobs in one statement (each deduped like `enqueue`): an envelope's e-mails, write-backs. */
export async function enqueueMany(
  db: DbLike,
  jobs: ReadonlyArray<{ kind: string; payload: Prisma.InputJsonValue; dedupeKey?: string; runAt?: Date }>,
): Promise<void> {
  if (jobs.length === 0) return;
  const now = new Date();
  await db.$executeRaw`
    INSERT INTO "Job" (kind, payload, "dedupeKey", "runAt", "updatedAt")
    SELECT v.kind, v.payload::jsonb, v.key, v.run_at, now()
    FROM unnest(${jobs.map((j) => j.kind)}::text[], ${jobs.map((j) => JSON.stringify(j.payload))}::text[],
                ${jobs.map((j) => j.dedupeKey ?? null)}::text[], ${jobs.map((j) => j.runAt ?? now)}::timestamp[])
      AS v(kind, payload, key, run_at)
    ON CONFLICT ("dedupeKey") WHERE state = 'queued' DO NOTHING`;
}

/** How many jobs of one kind a claim may take, in what order against other kinds, and their lease. */
export interface ClaimSlot {
  kind: string;
  /** Free slots of this kind in the claiming worker. */
  limit: number;
  /** Lower first. */
  priority: number;
  leaseMs: number;
}

/** A claimed run: the job as claimed (its `runs` is the fencing token of this run). */
export type ClaimedJob = Job;

/**
 * Claims up to `total` due jobs in one statement, at most `limit` of each kind, most urgent kinds
 * first. Rows another worker is claiming are skipped, and so is a job whose dedupe key has a run
 * in progress (one run at a time per key: two sends of one company and channel never overlap).
 */
export async function claimJobs(
  db: DbLike,
  workerId: string,
  slots: readonly ClaimSlot[],
  total: number,
): Promise<ClaimedJob[]> {
  const open = slots.filter((s) => s.limit > 0);
  if (open.length === 0 || total <= 0) return [];
  return db.$queryRaw<ClaimedJob[]>`
    WITH slot AS (
      SELECT * FROM unnest(${open.map((s) => s.kind)}::text[], ${open.map((s) => s.limit)}::int[],
                           ${open.map((s) => s.priority)}::int[], ${open.map((s) => s.leaseMs)}::int[])
        AS s(kind, lim, priority, lease_ms)
    ), picked AS (
      SELECT c.id, s.lease_ms FROM slot s CROSS JOIN LATERAL (
        SELECT j.id, j."runAt" FROM "Job" j
        WHERE j.kind = s.kind AND j.state = 'queued' AND j."runAt" <= now()
          AND (j."dedupeKey" IS NULL OR NOT EXISTS (
            SELECT 1 FROM "Job" r WHERE r."dedupeKey" = j."dedupeKey" AND r.state = 'running'))
        ORDER BY j."runAt", j.id
        LIMIT s.lim
        FOR UPDATE SKIP LOCKED
      ) c
      ORDER BY s.priority, c."runAt", c.id
      LIMIT ${total}
    )
    UPDATE "Job" SET state = 'running', "lockedBy" = ${workerId},
      "lockedUntil" = now() + picked.lease_ms * interval '1 millisecond',
      attempts = "Job".attempts + 1, runs = "Job".runs + 1, "updatedAt" = now()
    FROM picked WHERE "Job".id = picked.id
    RETURNING "Job".*`;
}

/** Done, if this run still holds the job; false when its lease was taken over meanwhile. */
export async function completeJob(db: DbLike, job: Pick<Job, "id" | "runs">): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "Job" SET state = 'done', "finishedAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL, "updatedAt" = now()
    WHERE id = ${job.id} AND runs = ${job.runs} AND state = 'running'`;
  return n > 0;
}

/**
 * Extends the leases of the runs still held (one statement for all of a worker's runs) and returns
 * the ids it still holds; a run missing from the answer was taken over and must stop.
 */
export async function extendLeases(
  db: DbLike,
  runs: ReadonlyArray<{ id: bigint; runs: number; leaseMs: number }>,
): Promise<Set<bigint>> {
  if (runs.length === 0) return new Set();
  const rows = await db.$queryRaw<Array<{ id: bigint }>>`
    UPDATE "Job" j SET "lockedUntil" = now() + v.lease_ms * interval '1 millisecond'
    FROM unnest(${runs.map((r) => r.id)}::bigint[], ${runs.map((r) => r.runs)}::int[], ${runs.map((r) => r.leaseMs)}::int[])
      AS v(id, runs, lease_ms)
    WHERE j.id = v.id AND j.runs = v.runs AND j.state = 'running'
    RETURNING j.id`;
  return new Set(rows.map((r) => r.id));
}

/**
 * Runs whose lease ran out (their worker died or stopped beating) go back to the queue at once, so
 * any worker can take them over; one that has used all its attempts (it keeps killing its worker)
 * is dead-lettered instead. Returns how many were put back.
 */
export async function reclaimExpired(db: DbLike): Promise<number> {
  const rows = await db.$queryRaw<Array<{ state: string }>>`
    UPDATE "Job" j SET
      state = CASE WHEN j.attempts >= j."maxAttempts" THEN 'dead'::"JobState"
                   WHEN EXISTS (SELECT 1 FROM "Job" d WHERE d."dedupeKey" = j."dedupeKey" AND d.state = 'queued')
                   THEN 'done'::"JobState" ELSE 'queued'::"JobState" END,
      "finishedAt" = CASE WHEN j.attempts >= j."maxAttempts"
                            OR EXISTS (SELECT 1 FROM "Job" d WHERE d."dedupeKey" = j."dedupeKey" AND d.state = 'queued')
                          THEN now() END,
      "lastError" = 'lease expired: the worker running it stopped (' || COALESCE(j."lockedBy", '?') || ')',
      "runAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL, "updatedAt" = now()
    WHERE j.state = 'running' AND j."lockedUntil" < now()
    RETURNING j.state::text AS state`;
  return rows.filter((r) => r.state === "queued").length;
}

/** A stopping worker hands its unfinished runs back (attempt returned), for another worker to take at once. */
export async function releaseRuns(db: DbLike, jobs: ReadonlyArray<Pick<Job, "id" | "runs">>): Promise<void> {
  if (jobs.length === 0) return;
  await db.$executeRaw`
    UPDATE "Job" j SET
      state = CASE WHEN EXISTS (SELECT 1 FROM "Job" d WHERE d."dedupeKey" = j."dedupeKey" AND d.state = 'queued')
                   THEN 'done'::"JobState" ELSE 'queued'::"JobState" END,
      attempts = GREATEST(j.attempts - 1, 0), "runAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL, "updatedAt" = now()
    FROM unnest(${jobs.map((r) => r.id)}::bigint[], ${jobs.map((r) => r.runs)}::int[]) AS v(id, runs)
    WHERE j.id = v.id AND j.runs = v.runs AND j.state = 'running'`;
}

/** Deletes finished jobs older than the retention, a batch at a time; dead ones stay for a person. */
export async function purgeFinished(db: DbLike, retentionMs: number, batch = 5_000): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "Job" WHERE id IN (
      SELECT id FROM "Job" WHERE state = 'done' AND "finishedAt" < now() - ${retentionMs} * interval '1 millisecond'
      LIMIT ${batch})`;
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

export type FailOutcome = "retry" | "dead" | "lost";

/**
 * A run that did not finish: queued again after `delayMs` (or the backoff), or dead-lettered when it
 * was final or the attempts ran out. `giveBack` returns the attempt (a handler asking to be run later
 * is not failing) and never dead-letters. Dead jobs stay visible (CLI, API) until someone retries
 * them. "lost" when this run no longer held the job.
 */
export async function failJob(
  db: DbLike,
  job: Pick<Job, "id" | "attempts" | "maxAttempts" | "runs">,
  error: string,
  options: { final?: boolean; backoff?: BackoffPolicy; delayMs?: number; giveBack?: boolean } = {},
): Promise<FailOutcome> {
  const dead = !options.giveBack && (options.final === true || job.attempts >= job.maxAttempts);
  if (dead) {
    const n = await db.$executeRaw`
      UPDATE "Job" SET state = 'dead', "lastError" = ${error}, "finishedAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL, "updatedAt" = now()
      WHERE id = ${job.id} AND runs = ${job.runs} AND state = 'running'`;
    return n > 0 ? "dead" : "lost";
  }
  const runAt = new Date(Date.now() + (options.delayMs ?? backoffDelay(job.attempts, options.backoff)));
  const giveBack = options.giveBack ? 1 : 0;
  // If the same work was queued again meanwhile, that job will do it: this one is finished.
  const n = await db.$executeRaw`
    UPDATE "Job" j SET
      state = CASE WHEN EXISTS (SELECT 1 FROM "Job" d WHERE d."dedupeKey" = j."dedupeKey" AND d.state = 'queued' AND d.id <> j.id)
                   THEN 'done'::"JobState" ELSE 'queued'::"JobState" END,
      attempts = GREATEST(j.attempts - ${giveBack}, 0),
      "lastError" = ${error}, "runAt" = ${runAt}, "lockedBy" = NULL, "lockedUntil" = NULL, "updatedAt" = now()
    WHERE id = ${job.id} AND runs = ${job.runs} AND state = 'running'`;
  return n > 0 ? "retry" : "lost";
}

/** Puts a dead (or stuck) job back in the queue with a fresh set of attempts. */
export async function retryJob(db: DbLike, id: bigint): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "Job" SET state = 'queued', attempts = 0, "runAt" = now(), "finishedAt" = NULL, "lockedBy" = NULL, "lockedUntil" = NULL, "updatedAt" = now()
    WHERE id = ${id} AND state IN ('dead', 'queued')
      AND NOT EXISTS (SELECT 1 FROM "Job" d WHERE d."dedupeKey" = "Job"."dedupeKey" AND d.state = 'queued' AND d.id <> "Job".id)`;
  return n > 0;
}
