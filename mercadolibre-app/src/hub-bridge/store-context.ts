import type { Prisma, Store } from "@prisma/client";
import type { Db, Encryptor } from "@timbre/core/hub";
import {
  deliverIngestedOrder,
  enqueue,
  ingestOrder,
  recordAudit,
  recordRefund,
  recordStoreListings,
  schedulePublish,
} from "@timbre/core/platform-parts";
import {
  openCredentials,
  RateLimiter,
  sealCredentials,
  TimbreError,
  type AnyConnector,
  type OrderOutcome,
  type OrderRead,
  type RateLimits,
  type StoreContext,
  type StoreProblem,
} from "@timbre/core/platforms";

/**
 * A `StoreContext` over today's hub, for the Mercado Libre connector until the platform kit's
 * runtime provides one (kit is landing it in core/src/hub/platforms). Only what the connector uses
 * is here; the rest says so. When the kit's StoreContext lands this folder goes away.
 */
export interface BridgeDeps {
  db: Db;
  encryptor: Encryptor;
  connector: AnyConnector;
  wake?: (() => void) | undefined;
  now: () => number;
}

const PROBLEMS_KEY = "platformProblems";
const MAX_PROBLEMS = 50;
const limiters = new Map<string, RateLimiter>();
const refreshing = new Map<string, Promise<unknown>>();

type Json = Record<string, Prisma.InputJsonValue>;
const asObject = (v: unknown): Json =>
  v && typeof v === "object" && !Array.isArray(v) ? ({ ...(v as object) } as Json) : {};

const notInBridge = (what: string) => () => {
  throw new Error(`${what} is not in the Mercado Libre hub bridge (the kit's StoreContext provides it)`);
};

interface StoredProblem {
  code: string;
  message: string;
  orderExternalId?: string | undefined;
  detail?: string | undefined;
  at: string;
}

export function readProblems(settings: Prisma.JsonValue): StoredProblem[] {
  const list = asObject(settings)[PROBLEMS_KEY];
  return Array.isArray(list) ? (list as unknown as StoredProblem[]) : [];
}

/** Changes Store.settings under the row lock (every writer: settings, problems, sweep cursor). */
export async function updateStoreSettings(db: Db, storeId: string, change: (all: Json) => Json): Promise<Json> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Store" WHERE id = ${storeId}::uuid FOR UPDATE`;
    const fresh = await tx.store.findUniqueOrThrow({ where: { id: storeId } });
    const next = change(asObject(fresh.settings));
    await tx.store.update({ where: { id: storeId }, data: { settings: next } });
    return next;
  });
}

export function storeContext(deps: BridgeDeps, row: Store): StoreContext {
  const { db, encryptor, connector } = deps;
  const platform = connector.id;
  const parseSettings = (all: unknown) => {
    const raw = asObject(all)[platform] ?? {};
    return connector.settings ? (connector.settings.parse(raw) as object) : (raw as object);
  };
  const readRow = () => db.store.findUniqueOrThrow({ where: { id: row.id } });
  const audit: StoreContext["audit"] = async (action, data, options) => {
    await recordAudit(db, {
      companyId: row.companyId,
      storeId: row.id,
      subjectType: options?.subject?.type ?? "store",
      subjectId: options?.subject?.id ?? row.id,
      action,
      actor: options?.actor ?? platform,
      ...(data ? { data } : {}),
    });
  };
  const problems: StoreContext["problems"] = {
    async report(p) {
      const at = new Date(deps.now()).toISOString();
      let added = false;
      await updateStoreSettings(db, row.id, (all) => {
        const list = readProblems(all as Prisma.JsonValue);
        const same = (x: StoredProblem) =>
          x.code === p.code && (x.orderExternalId ?? null) === (p.orderExternalId ?? null);
        added = !list.some(same);
        const next: StoredProblem = { ...p, at };
        return {
          ...all,
          [PROBLEMS_KEY]: [next, ...list.filter((x) => !same(x))].slice(
            0,
            MAX_PROBLEMS,
          ) as unknown as Prisma.InputJsonValue,
        };
      });
      if (added)
        await audit(`${platform}.problem`, {
          code: p.code,
          message: p.message,
          ...(p.orderExternalId ? { order: p.orderExternalId } : {}),
        });
    },
    async resolve(code, orderExternalId) {
      await updateStoreSettings(db, row.id, (all) => ({
        ...all,
        [PROBLEMS_KEY]: readProblems(all as Prisma.JsonValue).filter(
          (x) => !(x.code === code && (orderExternalId === undefined || x.orderExternalId === orderExternalId)),
        ) as unknown as Prisma.InputJsonValue,
      }));
    },
    async list(options) {
      return readProblems((await readRow()).settings)
        .slice(0, options?.limit ?? MAX_PROBLEMS)
        .map((p): StoreProblem => ({
          code: p.code,
          message: p.message,
          ...(p.orderExternalId ? { orderExternalId: p.orderExternalId } : {}),
          at: new Date(p.at),
        }));
    },
  };

  const credentials: StoreContext["credentials"] = {
    async read() {
      return openCredentials(encryptor, connector, (await readRow()).credentials);
    },
    async write(c) {
      await db.store.update({ where: { id: row.id }, data: { credentials: sealCredentials(encryptor, connector, c) } });
    },
    fresh({ isFresh, refresh, force }) {
      // One refresh at a time per store: in this process through one promise, across processes
      // and replicas through the Store row lock held while reading, refreshing and writing.
      const running = refreshing.get(row.id);
      if (running) return running as Promise<never>;
      const p = (async () => {
        const seen = (await readRow()).credentials;
        const current = openCredentials<unknown>(encryptor, connector, seen);
        if (current === undefined) throw notInstalled(row.id);
        if (!force && isFresh(current as never)) return current;
        return db.$transaction(
          async (tx) => {
            await tx.$queryRaw`SELECT id FROM "Store" WHERE id = ${row.id}::uuid FOR UPDATE`;
            const locked = await tx.store.findUniqueOrThrow({ where: { id: row.id } });
            const now = openCredentials<unknown>(encryptor, connector, locked.credentials);
            if (now === undefined) throw notInstalled(row.id);
            // Another process refreshed while we waited for the lock: use what it wrote.
            if ((locked.credentials !== seen || !force) && isFresh(now as never)) return now;
            const next = await refresh(now as never);
            await tx.store.update({
              where: { id: row.id },
              data: { credentials: sealCredentials(encryptor, connector, next) },
            });
            return next;
          },
          { timeout: 30_000, maxWait: 30_000 },
        );
      })().finally(() => refreshing.delete(row.id));
      refreshing.set(row.id, p);
      return p as Promise<never>;
    },
  };

  const receive = async (externalId: string, read: OrderRead, options?: { actor?: string }): Promise<OrderOutcome> => {
    const actor = options?.actor ?? platform;
    if (read.ok) {
      const r = await ingestOrder(db, row.id, row.companyId, read.order, actor);
      if (read.delivery) await deliverIngestedOrder(db, r.order.id, read.delivery, actor).catch(() => undefined);
      await problems.resolve("order.unreadable", externalId);
      if (r.changed) deps.wake?.();
      return { kind: "ingested", orderId: r.order.id, changed: r.changed, status: r.order.status };
    }
    if (read.reason === "not_found") return { kind: "not_found" };
    await problems.report({
      code: "order.unreadable",
      message: read.message,
      orderExternalId: externalId,
      ...(read.issues ? { detail: JSON.stringify(read.issues).slice(0, 1000) } : {}),
    });
    return { kind: "unreadable", message: read.message };
  };

  const ctx: StoreContext = {
    id: row.id,
    companyId: row.companyId,
    platform,
    name: row.name,
    shopDomain: row.shopDomain,
    shopId: row.shopId,
    installed: row.credentials !== null,
    installedAt: null,
    uninstalledAt: null,
    settingsSnapshot: parseSettings(row.settings) as never,
    settings: {
      read: async () => parseSettings((await readRow()).settings) as never,
      update: async (change) => {
        const all = await updateStoreSettings(db, row.id, (all) => {
          const current = parseSettings(all);
          return { ...all, [platform]: { ...asObject(all[platform]), ...(change(current as never) as Json) } };
        });
        return parseSettings(all) as never;
      },
    },
    credentials,
    limiter(limits?: RateLimits) {
      let l = limiters.get(row.id);
      if (!l) limiters.set(row.id, (l = new RateLimiter(limits ?? connector.rateLimits ?? { perSecond: 5 })));
      return l;
    },
    orders: {
      async sync(externalId, options) {
        if (!connector.readOrder) throw new Error(`${platform} has no readOrder`);
        return receive(externalId, await connector.readOrder(ctx, externalId), options);
      },
      receive,
      pending: notInBridge("orders.pending"),
      async recordRefund(orderExternalId, refund, options) {
        const r = await recordRefund(db, row, orderExternalId, refund, options?.actor ?? platform);
        if (r.created) deps.wake?.();
      },
    },
    catalog: {
      async recordListings(listings) {
        await db.$transaction((tx) => recordStoreListings(tx, row, listings));
        await schedulePublish(db, [row.id]);
        deps.wake?.();
      },
      async schedulePublish() {
        await schedulePublish(db, [row.id]);
        deps.wake?.();
      },
      recordStockEdit: notInBridge("catalog.recordStockEdit"),
      findListing: notInBridge("catalog.findListing"),
      setWarehouses: notInBridge("catalog.setWarehouses"),
      sync: notInBridge("catalog.sync"),
      groupPrices: notInBridge("catalog.groupPrices"),
      items: notInBridge("catalog.items"),
    },
    problems,
    privacy: {
      exportCustomerData: notInBridge("privacy.exportCustomerData"),
      redactCustomer: notInBridge("privacy.redactCustomer"),
      redactShop: notInBridge("privacy.redactShop"),
    },
    audit,
    async uninstall(input) {
      if (!input.platformKnows) await connector.disconnect?.(ctx).catch(() => undefined);
      await db.store.update({ where: { id: row.id }, data: { credentials: null } });
      await audit(
        `${platform}.uninstalled`,
        { ...(input.reason ? { reason: input.reason } : {}) },
        { actor: input.actor },
      );
    },
    async enqueue(kind, payload, options) {
      await enqueue(db, {
        kind,
        payload: { ...payload, storeId: row.id },
        ...(options?.dedupeKey ? { dedupeKey: options.dedupeKey } : {}),
        ...(options?.runAt ? { runAt: options.runAt } : {}),
        ...(options?.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
      });
      deps.wake?.();
    },
  };
  return ctx;
}

function notInstalled(storeId: string): TimbreError {
  return new TimbreError(
    "mercadolibre.not_installed",
    {
      es: "Esta tienda no está conectada a Mercado Libre. Conéctela desde Timbre.",
      en: "This store is not connected to Mercado Libre. Connect it from Timbre.",
    },
    { kind: "unauthorized", detail: `store ${storeId} has no credentials` },
  );
}
