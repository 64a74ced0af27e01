import { join } from "node:path";
import type { Db } from "../db/prisma-client.js";
import { createSigningMaterial } from "../documents/signing-material.js";
import { createMailer, type Mailer } from "../email/mailer.js";
import type { HubConfig } from "../config.js";
import type { Encryptor } from "../secrets/encryptor.js";
import { enqueue } from "../jobs/job-queue.js";
import type { JobHandler } from "../jobs/worker.js";
import { logger } from "../logging/logger.js";
import { monthOf, previousMonth, type BillingMonth } from "../../rules/billing/month.js";
import { platformsWithUsageBilling } from "../platform/usage-billing-port.js";
import { chargeMonth, type ChargeDeps } from "./charge-month.js";
import { closeMonth } from "./close-month.js";
import { fetchUfMonth, type UfSource } from "./uf-source.js";
import { saveUfValues } from "./uf-values.js";

export const BILLING_JOB = "billing.monthly";

export async function scheduleBilling(db: Db, delayMs = 0): Promise<void> {
  await enqueue(db, { kind: BILLING_JOB, payload: {}, dedupeKey: BILLING_JOB, runAt: new Date(Date.now() + delayMs) });
}

export interface BillingRunOptions extends ChargeDeps {
  /** Where UF values come from; without it only `timbre uf import` fills the table. */
  ufSource?: UfSource | undefined;
}

export interface BillingRunReport {
  month: BillingMonth;
  ufFetched: number;
  ufError: string | null;
  created: number;
  waiting: number;
  charged: number;
  failed: number;
}

function shift(month: BillingMonth, by: number): { year: number; month: number } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const i = y * 12 + (m - 1) + by;
  return { year: Math.floor(i / 12), month: (i % 12) + 1 };
}

/**
 * One billing run: refresh the UF (last, this and next month: the CMF publishes to the next 9th),
 * close last month (once per company and month, whatever the number of runs), and charge what is
 * still owed (pending, or failed before). A UF source that is down never stops the run: the month
 * is priced at the last known value and marked provisional.
 */
export async function runBilling(o: BillingRunOptions, now = o.now?.() ?? new Date()): Promise<BillingRunReport> {
  const { db } = o;
  let ufFetched = 0;
  let ufError: string | null = null;
  if (o.ufSource) {
    try {
      const current = monthOf(now);
      for (const by of [-1, 0, 1]) {
        const { year, month } = shift(current, by);
        ufFetched += await saveUfValues(db, await fetchUfMonth(o.ufSource, year, month), "cmf");
      }
    } catch (e) {
      ufError = (e as Error).message;
      logger.warn({ err: e }, "billing: could not refresh UF values; using the last known");
    }
  }
  const month = previousMonth(now);
  const closed = await closeMonth(db, month, { now, operatorRut: o.operatorRut });
  const owed = await db.billingCharge.findMany({
    where: { state: { in: ["pending", "failed"] } },
    select: { id: true, method: true },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  let charged = 0;
  let failed = 0;
  const ports = new Set(platformsWithUsageBilling());
  for (const { id, method } of owed) {
    // A platform charge needs that platform's part, registered in the hub's process: left for it.
    if (method !== "factura" && method !== "none" && !ports.has(method)) continue;
    const c = await chargeMonth({ ...o, now: () => now }, id);
    if (c.state === "charged") charged++;
    else if (c.state === "failed") failed++;
  }
  return { month, ufFetched, ufError, created: closed.created, waiting: closed.waiting, charged, failed };
}

/** `billing.monthly`: a run, then the next one in `everyMs` (every few hours: each run is idempotent). */
export function billingJob(o: BillingRunOptions & { everyMs?: number }): JobHandler {
  return async () => {
    try {
      const r = await runBilling(o);
      logger.info(r, "billing: run done");
    } finally {
      await scheduleBilling(o.db, o.everyMs ?? 6 * 3_600_000);
    }
  };
}

/** What a billing run needs, from an open hub (the worker's job, `timbre billing run`, tests). */
export function billingRunOptions(
  hub: { db: Db; encryptor: Encryptor; config: HubConfig },
  o: { mailer?: Mailer; extraSiiKeys?: Record<number, string> } = {},
): BillingRunOptions {
  const { db, config } = hub;
  return {
    db,
    issue: {
      db,
      material: createSigningMaterial(db, hub.encryptor),
      siiKeys: { ...config.siiKeys, ...o.extraSiiKeys },
      boletaLingerMs: 0,
    },
    mailer:
      o.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: join(config.dataDir, "outbox") }),
    operatorRut: config.operatorRut,
    ufSource: config.ufSource,
  };
}
