-- The job worker (issue 12): a claim counter that fences completion, claim/lease/purge indexes,
-- envelope claims (issue 13.10) and a wake-up notification for listening workers.

-- Incremented by every claim and never given back: a run may finish its job only while the row
-- still carries the number it claimed, so a run whose lease was taken over cannot complete it.
ALTER TABLE "Job" ADD COLUMN "runs" INTEGER NOT NULL DEFAULT 0;

-- Claims read queued jobs per kind in due order.
CREATE INDEX "Job_queued_kind_runAt_idx" ON "Job"("kind", "runAt", "id") WHERE state = 'queued';
-- One run at a time per dedupe key: a queued job waits while another with its key runs.
CREATE INDEX "Job_running_dedupeKey_idx" ON "Job"("dedupeKey") WHERE state = 'running';
-- Heartbeats and takeovers look at running jobs by lease.
CREATE INDEX "Job_running_lockedUntil_idx" ON "Job"("lockedUntil") WHERE state = 'running';
-- Finished jobs are purged after their retention.
CREATE INDEX "Job_done_finishedAt_idx" ON "Job"("finishedAt") WHERE state = 'done';

DROP INDEX IF EXISTS "Job_state_runAt_idx";

-- Workers LISTEN on timbre_jobs where the database delivers notifications (PostgreSQL), so new
-- work starts at once instead of at the next poll. One notification per statement, delivered on commit.
-- The body is an escape string with its semicolons written as \073: `prisma migrate deploy` (Prisma's
-- schema engine over the driver adapter) cuts a script at every semicolon, dollar quotes included.
CREATE FUNCTION timbre_job_notify() RETURNS trigger LANGUAGE plpgsql
  AS E'BEGIN PERFORM pg_notify(''timbre_jobs'', '''')\073 RETURN NULL\073 END';
CREATE TRIGGER "Job_notify" AFTER INSERT ON "Job" FOR EACH STATEMENT EXECUTE FUNCTION timbre_job_notify();
