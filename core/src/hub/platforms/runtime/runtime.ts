import type { Store } from "@prisma/client";
import { enqueue } from "../../jobs/job-queue.js";
import type { JobHandler } from "../../jobs/worker.js";
import { logger } from "../../logging/logger.js";
import { setKitCatalogAdapters } from "../../platform/adapter-registry.js";
import { setKitDocumentWriteBacks } from "../../platform/document-writeback-port.js";
import { setKitFulfillmentAdapters } from "../../platform/order-fulfillment-port.js";
import type { AnyConnector } from "../connector.js";
import type { PlatformContext, StoreContext } from "../context.js";
import { getConnector, listConnectors, webhookPath } from "../registry.js";
import { dispatchEvent } from "./dispatch-event.js";
import { createPlatformContext } from "./platform-context.js";
import { nowOf, type RuntimeDeps } from "./runtime-deps.js";
import { createStoreContext, SWEEP_JOB } from "./store-context.js";
import { planSweeps, sweepStore } from "./sweep-store.js";
import { EVENT_JOB, webhookReceiver } from "./webhook-receiver.js";

/** Re-plans every store's sweep this often (stores created meanwhile join the schedule). */
export const PLAN_SWEEPS_JOB = "platform.sweeps";
const PLAN_EVERY_MS = 60_000;

/** A route the hub's router mounts: everything under `prefix`. */
export interface KitRoute {
  prefix: string;
  handle(request: Request): Promise<Response>;
}

/**
 * The platform kit's runtime in one hub process: connectors' contexts over core's use cases, the
 * webhook receivers and connector routes for the router, the dispatcher, sweep and connector jobs
 * for the worker, and the catalog / fulfillment / write-back adapters the hub's jobs look up.
 * Reads the registry when asked, so connectors registered after the hub opened are driven too.
 */
export interface PlatformRuntime {
  /** The PlatformContext of a registered connector. */
  platform(connectorOrId: AnyConnector | string): PlatformContext<unknown, Record<string, unknown>>;
  /** The StoreContext of a store row, under its platform's connector (undefined for an unknown platform). */
  storeContext(row: Store): StoreContext<unknown, Record<string, unknown>> | undefined;
  /** Core's kit jobs (dispatcher, sweeps) and every connector's own jobs. */
  jobHandlers(): Record<string, JobHandler>;
  /** Every connector's webhook receiver (`POST webhooks.path`) and `routes`. */
  routes(): KitRoute[];
  /**
   * Sweeps every installed store of the platform (all platforms without one) now, in this process,
   * from their cursors (tests, an operator's "sync now"); the schedule goes on as before.
   */
  sweepNow(platformId?: string): Promise<void>;
  /** Queues every installed store's sweep and the planning job (the worker calls it when it starts). */
  start(): Promise<void>;
  /** Stops answering adapter look-ups (the hub closing). */
  close(): void;
}

export function createPlatformRuntime(deps: RuntimeDeps): PlatformRuntime {
  const contexts = new Map<AnyConnector, PlatformContext<unknown, Record<string, unknown>>>();
  const platform = (c: AnyConnector | string) => {
    const connector = typeof c === "string" ? getConnector(c) : c;
    if (!connector) throw new Error(`platform "${String(c)}" is not registered`);
    let ctx = contexts.get(connector);
    if (!ctx) contexts.set(connector, (ctx = createPlatformContext(deps, connector)));
    return ctx;
  };
  const storeContext = (row: Store) => {
    const connector = getConnector(row.platform);
    return connector ? createStoreContext(deps, connector, row) : undefined;
  };
  const adapter = <T>(
    row: Store,
    pick: (c: AnyConnector, s: StoreContext<unknown, Record<string, unknown>>) => T | undefined,
  ) => {
    const connector = getConnector(row.platform);
    return connector ? pick(connector, createStoreContext(deps, connector, row)) : undefined;
  };
  const undo = [
    setKitCatalogAdapters((row) => adapter(row, (c, s) => c.catalog?.(s))),
    setKitFulfillmentAdapters((row) => adapter(row, (c, s) => c.fulfillment?.(s))),
    setKitDocumentWriteBacks((row) => adapter(row, (c, s) => c.documents?.(s))),
  ];
  const unbind = () => undo.forEach((u) => u());

  async function planAll(): Promise<void> {
    // No connector sweeps: nothing to plan, and no job queued for nothing.
    if (!listConnectors().some((c) => c.sweep)) return;
    await planSweeps(deps);
    await enqueue(deps.db, {
      kind: PLAN_SWEEPS_JOB,
      dedupeKey: PLAN_SWEEPS_JOB,
      runAt: new Date(nowOf(deps) + PLAN_EVERY_MS),
    });
  }

  return {
    platform,
    storeContext,
    jobHandlers() {
      const handlers: Record<string, JobHandler> = {
        [EVENT_JOB]: (payload) => dispatchEvent(deps, platform, payload),
        [SWEEP_JOB]: (payload) => sweepStore(deps, payload),
        [PLAN_SWEEPS_JOB]: () => planAll(),
      };
      for (const c of listConnectors()) {
        for (const [kind, job] of Object.entries(c.jobs ?? {})) handlers[kind] = (payload) => job(payload, platform(c));
      }
      return handlers;
    },
    routes() {
      const out: KitRoute[] = [];
      for (const c of listConnectors()) {
        if (c.webhooks) out.push({ prefix: webhookPath(c), handle: webhookReceiver(deps, c, platform(c)) });
        for (const r of c.routes ?? [])
          out.push({ prefix: r.prefix, handle: (request) => r.handle(request, platform(c)) });
      }
      return out;
    },
    async sweepNow(platformId) {
      const rows = await deps.db.store.findMany({ where: platformId ? { platform: platformId } : {} });
      for (const row of rows) if (getConnector(row.platform)?.sweep) await sweepStore(deps, { storeId: row.id });
    },
    async start() {
      try {
        await planAll();
        deps.wake?.();
      } catch (e) {
        logger.error({ err: e }, "platform kit: could not plan the sweeps");
      }
    },
    close: unbind,
  };
}
