import pg from "pg";

export interface JobListener {
  close(): Promise<void>;
}

/** The channel the Job table's insert trigger notifies (see the job_worker migration). */
export const JOBS_CHANNEL = "timbre_jobs";

/**
 * LISTENs for new jobs on its own connection and calls `onJob` for each notification. A dropped
 * connection (server restart, pg_terminate_backend) is reopened with backoff; meanwhile the
 * worker's polling carries on, so nothing waits longer than a poll.
 */
export function listenForJobs(url: string, onJob: () => void): JobListener {
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs = 250;
  let timer: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    if (closed) return;
    const c = new pg.Client({ connectionString: url });
    c.on("error", () => reconnect(c));
    c.on("end", () => reconnect(c));
    c.on("notification", () => onJob());
    try {
      await c.connect();
      await c.query(`LISTEN ${JOBS_CHANNEL}`);
      client = c;
      retryMs = 250;
      // Whatever was enqueued while we were not listening.
      onJob();
    } catch {
      reconnect(c);
    }
  }

  function reconnect(c: pg.Client): void {
    if (client === c) client = undefined;
    c.removeAllListeners();
    c.on("error", () => undefined);
    void c.end().catch(() => undefined);
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, 10_000);
  }

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      if (c) {
        c.removeAllListeners();
        c.on("error", () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
