import type { HubConfig } from "./config.js";
import { logger, withLogContext } from "./logging/logger.js";
import { createApiApp, type ApiHandler } from "./api/handler.js";
import { syncApiRoutes } from "./api/routes/index.js";
import { courierJobHandlers } from "./couriers/courier-jobs.js";
import { stockJobHandlers } from "./stock/stock-jobs.js";
import { orderStockHooks } from "./stock/order-stock-hooks.js";
import { createCourierApp, type CourierAppHandler } from "./courier-app/handler.js";
import { migrate, type MigrationResult } from "./db/migrate.js";
import { openDatabase, type DatabaseHandle } from "./db/open-database.js";
import { createPrismaClient, type Db } from "./db/prisma-client.js";
import { createEncryptor, type Encryptor } from "./secrets/encryptor.js";
import { resolveSecretKey } from "./secrets/secret-key.js";
import { createPipeline, PIPELINE_KINDS, type PipelineOptions } from "./documents/pipeline.js";
import { scheduleReconcile } from "./documents/reconcile-pipeline.js";
import { BILLING_JOB, billingJob, billingRunOptions, scheduleBilling } from "./billing/billing-job.js";
import { startWorker, type JobHandler, type KindPolicy, type Worker, type WorkerOptions } from "./jobs/worker.js";
import type { BackoffPolicy } from "./jobs/job-queue.js";
import { createPlatformRuntime, type PlatformRuntime } from "./platforms/runtime/runtime.js";

export interface HealthReport {
  status: "ok" | "degraded";
  database: "up" | "down";
  version: string;
}

/** Everything a use case needs, opened once per process and handed around explicitly. */
export interface Hub {
  config: HubConfig;
  db: Db;
  database: DatabaseHandle;
  encryptor: Encryptor;
  migrations: MigrationResult;
  api: ApiHandler;
  /** The courier web app (/courier), mounted by the server next to the API. */
  courierApp: CourierAppHandler;
  /**
   * The platform kit's runtime: every registered connector's contexts, webhook receivers and routes
   * (`platforms.routes()`, mounted by the server), its dispatcher, sweep and own jobs (added by
   * `startWorker`), and the adapters the stock, write-back and delivery jobs look up.
   */
  platforms: PlatformRuntime;
  health(): Promise<HealthReport>;
  /**
   * Starts the background work (issuing, sending to the SII, e-mail, publishing stock, couriers,
   * telling stores about documents) in this process. The server does; CLI runs and tests choose.
   * Platform parts add their own handlers and register their adapters before calling it.
   */
  startWorker(options?: WorkerStartOptions): Worker;
  close(): Promise<void>;
}

export interface WorkerStartOptions extends Partial<
  Pick<
    PipelineOptions,
    "siiBaseUrl" | "mailer" | "boletaLingerMs" | "pollIntervalMs" | "siiTransport" | "now" | "notReceivedGraceMs"
  >
> {
  /** Added to the configured SII CAF keys (the demo's test authority). */
  extraSiiKeys?: Record<number, string>;
  /** More handlers by job kind (other areas' jobs). */
  handlers?: Record<string, JobHandler>;
  /** Per kind, merged over the pipeline's own (a kind named here keeps what it does not override). */
  kinds?: Record<string, KindPolicy>;
  pollMs?: number;
  /** Backoff of kinds without their own (the SII kinds keep theirs unless `kinds` names them). */
  backoff?: BackoffPolicy;
  worker?: Pick<WorkerOptions, "concurrency" | "leaseMs" | "heartbeatMs" | "retentionMs" | "stopGraceMs">;
}

/** Every line a job's handler logs carries the job's id and kind. */
function withJobIds(handlers: Record<string, JobHandler>): Record<string, JobHandler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([kind, handle]): [string, JobHandler] => [
      kind,
      (payload, ctx) =>
        withLogContext({ jobId: String(ctx.job.id), jobKind: ctx.job.kind }, () => handle(payload, ctx)),
    ]),
  );
}

function mergeKinds(...all: Array<Record<string, KindPolicy> | undefined>): Record<string, KindPolicy> {
  const out: Record<string, KindPolicy> = {};
  for (const kinds of all) for (const [k, p] of Object.entries(kinds ?? {})) out[k] = { ...out[k], ...p };
  return out;
}

export interface OpenHubOptions {
  /** "hub" serves the embedded database to others; "cli" borrows the hub's when it is running. */
  role: "hub" | "cli";
  /** Apply pending migrations first (default true; the advisory lock makes it safe on replicas). */
  migrate?: boolean;
}

export async function openHub(config: HubConfig, options: OpenHubOptions): Promise<Hub> {
  // Fail on a bad or missing key before touching anything else.
  const encryptor = createEncryptor(resolveSecretKey(config));
  const database = await openDatabase(config, options.role);
  let db: Db | undefined;
  try {
    const migrations = options.migrate === false ? { applied: [], alreadyApplied: [] } : await migrate(database.url);
    db = createPrismaClient(database.url);
    const client = db;
    let worker: Worker | undefined;
    const apiApp = createApiApp(
      syncApiRoutes({
        db: client,
        encryptor,
        onQueued: () => worker?.wake(),
        publicUrl: config.publicUrl,
        siiKeys: config.siiKeys,
      }),
      { db: client, encryptor, version: config.version },
    );
    const api: ApiHandler = async (request) => apiApp.fetch(request);
    const courierApp = createCourierApp({ db: client, onQueued: () => worker?.wake() });
    const platforms = createPlatformRuntime({
      db: client,
      encryptor,
      publicUrl: (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, ""),
      wake: () => worker?.wake(),
    });
    return {
      config,
      db: client,
      database,
      encryptor,
      migrations,
      api,
      courierApp,
      platforms,
      async health() {
        const up = await client.$queryRaw`SELECT 1`.then(
          () => true,
          () => false,
        );
        return { status: up ? "ok" : "degraded", database: up ? "up" : "down", version: config.version };
      },
      startWorker(w = {}) {
        if (worker) return worker;
        const pipeline = createPipeline({
          db: client,
          encryptor,
          dataDir: config.dataDir,
          siiBaseUrl: w.siiBaseUrl ?? config.siiBaseUrl,
          siiKeys: { ...config.siiKeys, ...w.extraSiiKeys },
          smtpUrl: config.smtpUrl,
          mailFrom: config.mailFrom,
          stock: orderStockHooks,
          publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
          ...(w.mailer ? { mailer: w.mailer } : {}),
          ...(w.boletaLingerMs !== undefined ? { boletaLingerMs: w.boletaLingerMs } : {}),
          ...(w.pollIntervalMs !== undefined ? { pollIntervalMs: w.pollIntervalMs } : {}),
          ...(w.notReceivedGraceMs !== undefined ? { notReceivedGraceMs: w.notReceivedGraceMs } : {}),
          ...(w.siiTransport ? { siiTransport: w.siiTransport } : {}),
          ...(w.now ? { now: w.now } : {}),
        });
        const billing = billingJob(
          billingRunOptions(
            { db: client, encryptor, config },
            { ...(w.mailer ? { mailer: w.mailer } : {}), ...(w.extraSiiKeys ? { extraSiiKeys: w.extraSiiKeys } : {}) },
          ),
        );
        worker = startWorker(client, {
          handlers: withJobIds({
            ...pipeline.handlers,
            [BILLING_JOB]: billing,
            ...stockJobHandlers({ db: client }),
            ...courierJobHandlers({ db: client, encryptor }),
            ...platforms.jobHandlers(),
            ...w.handlers,
          }),
          kinds: mergeKinds(PIPELINE_KINDS, w.kinds),
          ...w.worker,
          ...(w.pollMs !== undefined ? { pollMs: w.pollMs } : {}),
          ...(w.backoff ? { backoff: w.backoff } : {}),
          // PostgreSQL tells the worker about new jobs at once; PGlite's one session cannot (it polls).
          ...(database.kind === "postgres" ? { listenUrl: database.url } : {}),
          onError: (job, e, outcome, flags) =>
            logger.error({ err: e, jobId: String(job.id), jobKind: job.kind, outcome, ...flags }, "job failed"),
        });
        // The first sweep soon after start catches what a stop left behind; each sweep queues the next.
        void scheduleReconcile(client, 60_000).catch((e: unknown) =>
          logger.error({ err: e }, "jobs: could not schedule the reconciliation sweep"),
        );
        void platforms.start();
        // Billing runs a few minutes after start, then every few hours (closing a month happens once).
        void scheduleBilling(client, 5 * 60_000).catch((e: unknown) =>
          logger.error({ err: e }, "jobs: could not schedule the billing run"),
        );
        return worker;
      },
      async close() {
        await worker?.stop();
        platforms.close();
        await client.$disconnect();
        await database.close();
      },
    };
  } catch (e) {
    await db?.$disconnect();
    await database.close();
    throw e;
  }
}
