import type { Prisma, Store } from "@prisma/client";
import { recordAudit } from "../../audit/record-audit.js";
import { findListingByInventoryItem } from "../../catalog/find-listing.js";
import { groupPriceLists } from "../../catalog/group-price-lists.js";
import { recordStoreListings } from "../../catalog/record-store-listings.js";
import { storeCatalogItems } from "../../catalog/store-catalog-items.js";
import { listShippingMethods, saveShippingMethod, ShippingMethodInputSchema } from "../../couriers/shipping-methods.js";
import { exportCustomerData, redactCustomer, redactShop } from "../../customers/buyer-privacy.js";
import { recordCustomer } from "../../customers/record-customer.js";
import { customerPriceGroups } from "../../customers/customer-price-groups.js";
import { enqueue } from "../../jobs/job-queue.js";
import { logger } from "../../logging/logger.js";
import { recordRefund } from "../../orders/record-refund.js";
import { storeRateLimiter } from "../../platform/rate-limiter.js";
import { schedulePublish } from "../../stock/schedule-publish.js";
import { recordStoreStockEdit } from "../../stock/record-store-stock-edit.js";
import { setStoreWarehouses } from "../../stock/set-store-warehouses.js";
import { runStoreSync } from "../../sync/run-store-sync.js";
import type { AnyConnector } from "../connector.js";
import type { JobOptions, SettingsStore, StoreContext, StoreProblem, StoreProblems } from "../context.js";
import { TimbreError } from "../../../errors.js";
import { credentialStore } from "./credentials.js";
import {
  KIT_KEY,
  MAX_PROBLEMS,
  readKitState,
  settingsObject,
  updateKitState,
  updateStoreSettingsLocked,
  type KitState,
} from "./kit-state.js";
import { receiveOrder, syncOrder } from "./receive-order.js";
import { nowOf, type RuntimeDeps } from "./runtime-deps.js";

type AnyStore = StoreContext<unknown, Record<string, unknown>>;

/** A sweep job of one store: one queued at a time (dedupe), rescheduled by itself. */
export const SWEEP_JOB = "platform.sweep";
export const sweepDedupeKey = (storeId: string) => `${SWEEP_JOB}:${storeId}`;

/** Without `rateLimits`, a store's requests are paced at this (a polite default for REST APIs). */
const DEFAULT_LIMITS = { perSecond: 5 };

export function isInstalled(
  connector: AnyConnector,
  row: Pick<Store, "credentials" | "settings">,
  kit: KitState,
): boolean {
  if (kit.uninstalledAt) return false;
  return connector.credentials ? row.credentials !== null : true;
}

function connectorSettings(connector: AnyConnector, all: Record<string, unknown>): Record<string, unknown> {
  const raw = all[connector.id] ?? {};
  if (!connector.settings) return (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const parsed = connector.settings.safeParse(raw);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  throw new TimbreError(
    "store.settings_invalid",
    {
      es: `Los ajustes de ${connector.name} de la tienda no tienen la forma esperada.`,
      en: `The store's ${connector.name} settings do not have the expected shape.`,
    },
    { kind: "internal", retryable: false, detail: parsed.error.message },
  );
}

function settingsStore(
  deps: RuntimeDeps,
  connector: AnyConnector,
  storeId: string,
): SettingsStore<Record<string, unknown>> {
  return {
    async read() {
      const row = await deps.db.store.findUniqueOrThrow({ where: { id: storeId }, select: { settings: true } });
      return connectorSettings(connector, settingsObject(row.settings));
    },
    update(change) {
      return updateStoreSettingsLocked(deps.db, storeId, (all) => {
        const current = connectorSettings(connector, all);
        let next: Record<string, unknown> = { ...current, ...change(current) };
        if (connector.settings) next = connector.settings.parse(next) as Record<string, unknown>;
        return { next: { ...all, [connector.id]: next }, result: next };
      });
    },
  };
}

function problemsStore(deps: RuntimeDeps, connector: AnyConnector, row: Store): StoreProblems {
  const same = (p: { code: string; orderExternalId?: string | undefined }, code: string, order?: string) =>
    p.code === code && (p.orderExternalId ?? null) === (order ?? null);
  return {
    async report(problem) {
      let opened = false;
      await updateKitState(deps.db, row.id, (s) => {
        const at = new Date(nowOf(deps)).toISOString();
        opened = !s.problems.some((p) => same(p, problem.code, problem.orderExternalId));
        const entry = {
          code: problem.code,
          message: problem.message,
          at,
          ...(problem.orderExternalId !== undefined ? { orderExternalId: problem.orderExternalId } : {}),
          ...(problem.detail !== undefined ? { detail: problem.detail } : {}),
        };
        const rest = s.problems.filter((p) => !same(p, problem.code, problem.orderExternalId));
        return { problems: [entry, ...rest].slice(0, MAX_PROBLEMS) };
      });
      if (opened) {
        await recordAudit(deps.db, {
          companyId: row.companyId,
          storeId: row.id,
          subjectType: "store",
          subjectId: row.id,
          action: `${connector.id}.problem`,
          actor: connector.id,
          data: {
            code: problem.code,
            message: problem.message,
            orderExternalId: problem.orderExternalId ?? null,
            ...(problem.detail ? { detail: problem.detail.slice(0, 500) } : {}),
          },
        });
      }
    },
    async resolve(code, orderExternalId) {
      const current = await deps.db.store.findUnique({ where: { id: row.id }, select: { settings: true } });
      // The common case (nothing open) is one read, no lock.
      if (!readKitState(current?.settings).problems.some((p) => same(p, code, orderExternalId))) return;
      await updateKitState(deps.db, row.id, (s) => ({
        problems: s.problems.filter((p) => !same(p, code, orderExternalId)),
      }));
    },
    async list(options = {}) {
      const current = await deps.db.store.findUniqueOrThrow({ where: { id: row.id }, select: { settings: true } });
      return readKitState(current.settings)
        .problems.slice(0, options.limit ?? MAX_PROBLEMS)
        .map((p): StoreProblem => ({
          code: p.code,
          message: p.message,
          at: new Date(p.at),
          ...(p.orderExternalId !== undefined ? { orderExternalId: p.orderExternalId } : {}),
        }));
    },
  };
}

/**
 * The kit's StoreContext of one store row: every member a use case of core, nothing else. Made
 * fresh per job or request (cheap: no I/O); `settingsSnapshot` is the row's settings as read.
 */
export function createStoreContext(deps: RuntimeDeps, connector: AnyConnector, row: Store): AnyStore {
  const { db } = deps;
  const kit = readKitState(row.settings);
  const all = settingsObject(row.settings);
  let snapshot: Record<string, unknown>;
  try {
    snapshot = connectorSettings(connector, all);
  } catch {
    snapshot = (connector.settings?.parse({}) as Record<string, unknown> | undefined) ?? {};
  }
  const storeRef = { id: row.id, companyId: row.companyId, platform: row.platform };
  const actorOf = (o?: { actor?: string }) => o?.actor ?? connector.id;

  const ctx: AnyStore = {
    id: row.id,
    companyId: row.companyId,
    platform: row.platform,
    name: row.name,
    shopDomain: row.shopDomain,
    shopId: row.shopId,
    installed: isInstalled(connector, row, kit),
    installedAt: kit.installedAt ? new Date(kit.installedAt) : null,
    uninstalledAt: kit.uninstalledAt ? new Date(kit.uninstalledAt) : null,
    settingsSnapshot: snapshot,
    settings: settingsStore(deps, connector, row.id),
    credentials: credentialStore(deps, connector, row.id),
    limiter: (limits) =>
      storeRateLimiter(row.id, limits ?? connector.rateLimits ?? DEFAULT_LIMITS, ...(deps.clock ? [deps.clock] : [])),
    orders: {
      sync: (externalId, o) => syncOrder(deps, connector, ctx, externalId, actorOf(o)),
      receive: (externalId, read, o) => receiveOrder(deps, ctx, externalId, read, actorOf(o)),
      async pending({ days, limit }) {
        const since = new Date(nowOf(deps) - days * 86_400_000);
        const rows = await db.order.findMany({
          where: { storeId: row.id, createdAt: { gte: since }, documents: { none: {} }, status: "paid" },
          orderBy: { updatedAt: "asc" },
          take: limit,
          select: { externalId: true },
        });
        return rows.map((r) => r.externalId);
      },
      async recordRefund(orderExternalId, refund, o) {
        const r = await recordRefund(db, row, orderExternalId, refund, actorOf(o));
        if (r.created) deps.wake?.();
      },
    },
    catalog: {
      async recordListings(listings) {
        await db.$transaction((tx) => recordStoreListings(tx, row, listings), { timeout: 30_000 });
        await schedulePublish(db, [row.id]);
        deps.wake?.();
      },
      async schedulePublish() {
        await schedulePublish(db, [row.id]);
        deps.wake?.();
      },
      async recordStockEdit(edit, o) {
        const r = await recordStoreStockEdit(db, row, edit, actorOf(o));
        if (r.overwritten) deps.wake?.();
      },
      findListing: ({ inventoryItemId }) => findListingByInventoryItem(db, row.id, inventoryItemId),
      async setWarehouses(codes, o) {
        const r = await setStoreWarehouses(db, row.id, codes, actorOf(o));
        deps.wake?.();
        return { warehouses: r.warehouses };
      },
      async sync(o = {}) {
        const port = o.port;
        const r = await runStoreSync(db, row.id, {
          actor: actorOf(o),
          ...(port ? { adapters: () => port } : {}),
          ...(deps.clock ? { clock: deps.clock } : {}),
        });
        return r.report;
      },
      groupPrices: () => groupPriceLists(db, row.id),
      items: (o) => storeCatalogItems(db, row, o),
    },
    problems: problemsStore(deps, connector, row),
    privacy: {
      exportCustomerData: (input) => exportCustomerData(db, storeRef, input, `${connector.id}:privacy`),
      redactCustomer: (input) => redactCustomer(db, storeRef, input, `${connector.id}:privacy`),
      redactShop: () => redactShop(db, storeRef, `${connector.id}:privacy`),
    },
    customers: {
      async record(input, o) {
        const r = await recordCustomer(db, row.companyId, input, actorOf(o));
        return r ? { code: r.customer.code, created: r.created } : undefined;
      },
      priceGroups: () => customerPriceGroups(db, row),
    },
    shipping: {
      async list() {
        const rows = await listShippingMethods(db, row.id);
        return rows.map((r) => ({ method: r.method, mode: r.mode, carrier: r.carrier ?? null }));
      },
      async save(input, o) {
        const parsed = ShippingMethodInputSchema.parse(input);
        await db.$transaction((tx) => saveShippingMethod(tx, row, parsed, actorOf(o)));
      },
    },
    async audit(action, data, o = {}) {
      await recordAudit(db, {
        companyId: row.companyId,
        storeId: row.id,
        subjectType: o.subject?.type ?? "store",
        subjectId: o.subject?.id ?? row.id,
        action,
        actor: o.actor ?? connector.id,
        ...(data ? { data } : {}),
      });
    },
    async uninstall(input) {
      await uninstallStore(deps, connector, ctx, input);
    },
    async enqueue(kind, payload = {}, options = {}) {
      await enqueueConnectorJob(deps, connector, kind, { ...payload, storeId: row.id }, options);
    },
  };
  return ctx;
}

export async function enqueueConnectorJob(
  deps: RuntimeDeps,
  connector: AnyConnector,
  kind: string,
  payload: Prisma.InputJsonValue,
  options: JobOptions = {},
): Promise<void> {
  if (!kind.startsWith(`${connector.id}.`))
    throw new Error(`connector ${connector.id} may only queue its own jobs (${connector.id}.…), not ${kind}`);
  await enqueue(deps.db, {
    kind,
    payload,
    ...(options.runAt ? { runAt: options.runAt } : {}),
    ...(options.dedupeKey ? { dedupeKey: options.dedupeKey } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  });
  deps.wake?.();
}

/**
 * Uninstall, whoever started it: the platform's side first when we started it (best effort), then
 * credentials forgotten, the queued sweep dropped, `<platform>.uninstalled` audited. Orders and
 * documents stay. Idempotent: a second uninstall changes nothing and audits nothing.
 */
async function uninstallStore(
  deps: RuntimeDeps,
  connector: AnyConnector,
  store: AnyStore,
  input: { actor: string; reason?: string; platformKnows: boolean },
): Promise<void> {
  const row = await deps.db.store.findUnique({ where: { id: store.id } });
  if (!row) return;
  if (readKitState(row.settings).uninstalledAt) return;
  if (!input.platformKnows && connector.disconnect) {
    try {
      await connector.disconnect(store);
    } catch (e) {
      logger.warn(
        { storeId: store.id, platform: connector.id, err: e },
        "platform disconnect failed (store uninstalled anyway)",
      );
    }
  }
  const at = new Date(nowOf(deps)).toISOString();
  const changed = await updateStoreSettingsLocked(
    deps.db,
    store.id,
    async (all, tx) => {
      const kit = readKitState(all as Prisma.JsonValue);
      if (kit.uninstalledAt) return { next: all, result: false };
      await tx.$executeRaw`DELETE FROM "Job" WHERE "dedupeKey" = ${sweepDedupeKey(store.id)} AND state = 'queued'`;
      await recordAudit(tx, {
        companyId: row.companyId,
        storeId: row.id,
        subjectType: "store",
        subjectId: row.id,
        action: `${connector.id}.uninstalled`,
        actor: input.actor,
        data: { reason: input.reason ?? null, platformKnows: input.platformKnows },
      });
      const next: KitState = { ...kit, uninstalledAt: at, ...(input.reason ? { uninstallReason: input.reason } : {}) };
      return { next: { ...all, [KIT_KEY]: next }, result: true };
    },
    () => ({ credentials: null }),
  );
  if (changed) logger.info({ storeId: store.id, platform: connector.id, actor: input.actor }, "store uninstalled");
}
