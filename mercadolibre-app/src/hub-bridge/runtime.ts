import type { Prisma, Store } from "@prisma/client";
import type { Db, Encryptor, PlatformRoute } from "@timbre/core/hub";
import {
  enqueue,
  logger,
  recordAudit,
  registerCatalogAdapter,
  registerDocumentWriteBack,
  registerFulfillmentAdapter,
  runStoreSync,
  type JobHandler,
} from "@timbre/core/platform-parts";
import {
  getConnector,
  isRejection,
  sealCredentials,
  TimbreError,
  type AnyConnector,
  type InboxEventView,
  type PlatformContext,
  type StoreContext,
  type TopicHandler,
  type TopicSpec,
} from "@timbre/core/platforms";
import { storeContext, updateStoreSettings, type BridgeDeps } from "./store-context.js";

/**
 * Runs the Mercado Libre connector (connector/index.ts) in today's hub until the platform kit's
 * runtime does it for every connector from the registry: its routes and the notification receiver
 * (inbox row + job in one transaction, answered at once), the event job that calls the topic
 * handlers, the sweep on a timer with its cursor in the store's settings, and the catalog,
 * write-back and fulfillment ports registered in core's per-port registries. Nothing here is
 * Mercado Libre-specific: it is the smallest glue the kit's interfaces needed (see the report).
 */
export const EVENT_JOB = "mercadolibre.event";
/** Right after install: read the seller's listings, match them to the hub by SKU, publish stock. */
export const CATALOG_SYNC_JOB = "mercadolibre.catalog-sync";
const PLATFORM = "mercadolibre";

export interface MercadoLibreBridge {
  routes: PlatformRoute[];
  handlers: Record<string, JobHandler>;
  platform: PlatformContext;
  /** Sweeps every installed store now (tests, start-up). */
  sweepNow(): Promise<void>;
  close(): void;
}

const asObject = (v: unknown): Record<string, Prisma.InputJsonValue> =>
  v && typeof v === "object" && !Array.isArray(v)
    ? ({ ...(v as object) } as Record<string, Prisma.InputJsonValue>)
    : {};

export function registerMercadoLibre(options: {
  hub: { db: Db; encryptor: Encryptor };
  publicUrl: string;
  wake?: () => void;
  /** 0 turns the timer off (sweepNow only); default: the connector's. */
  sweepEveryMs?: number;
  now?: () => number;
}): MercadoLibreBridge {
  const connector: AnyConnector | undefined = getConnector(PLATFORM);
  if (!connector) throw new Error("the mercadolibre connector is not registered (loadPlatforms first)");
  const { db, encryptor } = options.hub;
  const now = options.now ?? Date.now;
  const deps: BridgeDeps = { db, encryptor, connector, wake: options.wake, now };
  const ctxOf = (row: Store): StoreContext => storeContext(deps, row);

  const platform: PlatformContext = {
    platform: PLATFORM,
    publicUrl: options.publicUrl,
    now,
    async findStore(shop) {
      const row = await db.store.findFirst({ where: { platform: PLATFORM, shopDomain: shop } });
      return row ? ctxOf(row) : null;
    },
    async getStore(id) {
      const row = await db.store.findUnique({ where: { id } });
      return row && row.platform === PLATFORM ? ctxOf(row) : null;
    },
    async listStores(filter) {
      const rows = await db.store.findMany({
        where: { platform: PLATFORM, ...(filter?.installed ? { credentials: { not: null } } : {}) },
        orderBy: { createdAt: "asc" },
      });
      return rows.map(ctxOf);
    },
    async install(input) {
      const sealed = sealCredentials(encryptor, connector, input.credentials);
      const result = await db.$transaction(async (tx) => {
        const holder = await tx.store.findFirst({ where: { platform: PLATFORM, shopDomain: input.shopDomain } });
        let target = input.storeId ? await tx.store.findUnique({ where: { id: input.storeId } }) : holder;
        if (input.storeId && (!target || target.platform !== PLATFORM))
          throw new TimbreError(
            "store.not_found",
            { es: "La tienda no existe.", en: "No such store." },
            { kind: "not_found" },
          );
        if (holder && target && holder.id !== target.id)
          throw new TimbreError(
            "mercadolibre.seller_connected_elsewhere",
            {
              es: `Esta cuenta de Mercado Libre ya está conectada a la tienda ${holder.name} de Timbre.`,
              en: `This Mercado Libre account is already connected to the Timbre store ${holder.name}.`,
            },
            { kind: "conflict" },
          );
        if (target && target.companyId !== input.companyId)
          throw new TimbreError(
            "mercadolibre.other_company",
            { es: "Esta tienda pertenece a otra empresa.", en: "This store belongs to another company." },
            { kind: "conflict" },
          );
        const reinstalled = Boolean(target && !target.credentials && target.shopDomain);
        if (target) {
          await tx.$queryRaw`SELECT id FROM "Store" WHERE id = ${target.id}::uuid FOR UPDATE`;
          const fresh = await tx.store.findUniqueOrThrow({ where: { id: target.id } });
          const all = asObject(fresh.settings);
          target = await tx.store.update({
            where: { id: target.id },
            data: {
              shopDomain: input.shopDomain,
              shopId: input.shopId ?? fresh.shopId,
              credentials: sealed,
              settings: { ...all, [PLATFORM]: { ...asObject(all[PLATFORM]), ...(input.settings as object) } },
            },
          });
          await recordAudit(tx, {
            companyId: target.companyId,
            storeId: target.id,
            subjectType: "store",
            subjectId: target.id,
            action: reinstalled ? `${PLATFORM}.reinstalled` : `${PLATFORM}.installed`,
            actor: input.actor,
            data: { seller: input.shopDomain },
          });
          return { row: target, created: false, reinstalled };
        }
        throw new TimbreError(
          "mercadolibre.store_required",
          {
            es: "Cree primero la tienda: timbre store create --platform mercadolibre --name <nombre>.",
            en: "Create the store first: timbre store create --platform mercadolibre --name <name>.",
          },
          { kind: "invalid_input" },
        );
      });
      await enqueue(db, {
        kind: CATALOG_SYNC_JOB,
        payload: { storeId: result.row.id },
        dedupeKey: `${CATALOG_SYNC_JOB}:${result.row.id}`,
      });
      options.wake?.();
      // Sweep the new seller soon: sales paid before the notifications URL was in place.
      setTimeout(() => void sweepStore(result.row.id).catch(() => undefined), 1_000).unref();
      return { store: ctxOf(result.row), created: result.created, reinstalled: result.reinstalled };
    },
    async enqueue(kind, payload, o) {
      await enqueue(db, {
        kind,
        payload,
        ...(o?.dedupeKey ? { dedupeKey: o.dedupeKey } : {}),
        ...(o?.runAt ? { runAt: o.runAt } : {}),
        ...(o?.maxAttempts ? { maxAttempts: o.maxAttempts } : {}),
      });
      options.wake?.();
    },
    async soleCompanyId() {
      const rows = await db.company.findMany({ select: { id: true }, take: 2 });
      return rows.length === 1 ? rows[0]!.id : undefined;
    },
    mac: (value, purpose) => encryptor.mac(value, purpose),
    verifyMac: (value, purpose, tag) => encryptor.verifyMac(value, purpose, tag),
  };

  // ---- notifications: verify, inbox + job in one transaction, answer -------------------------
  const hookPath = connector.webhooks?.path ?? `/webhooks/${PLATFORM}`;
  async function receive(request: Request): Promise<Response> {
    if (request.method !== "POST") return new Response("POST only", { status: 405 });
    const rawBody = Buffer.from(await request.arrayBuffer());
    const verdict = await connector!.webhooks!.verify(
      { method: request.method, url: new URL(request.url), headers: request.headers, rawBody },
      platform,
    );
    if (isRejection(verdict)) return new Response(verdict.message, { status: verdict.rejected });
    const store = await db.store.findFirst({
      where: { platform: PLATFORM, shopDomain: verdict.shop },
      select: { id: true },
    });
    if (!store) return new Response(null, { status: 200 });
    const inserted = await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Array<{ id: bigint }>>`
        INSERT INTO "InboxEvent" (platform, shop, "eventId", topic, payload)
        VALUES (${PLATFORM}, ${verdict.shop}, ${verdict.eventId}, ${verdict.topic}, ${JSON.stringify(verdict.payload)}::jsonb)
        ON CONFLICT (platform, shop, "eventId") DO NOTHING
        RETURNING id`;
      const id = rows[0]?.id;
      if (id !== undefined)
        await enqueue(tx as unknown as Db, { kind: EVENT_JOB, payload: { inboxId: id.toString() } });
      return id !== undefined;
    });
    if (inserted) options.wake?.();
    return new Response(null, { status: 200 });
  }

  const handlerOf = (topic: string): TopicHandler | undefined => {
    const t = connector!.topics?.[topic] as TopicHandler | TopicSpec | undefined;
    return typeof t === "function" ? t : t?.handle;
  };

  const handlers: Record<string, JobHandler> = {
    async [CATALOG_SYNC_JOB](payload) {
      const storeId = String((payload as { storeId?: unknown })?.storeId ?? "");
      const row = await db.store.findUnique({ where: { id: storeId } });
      if (!row?.credentials) return;
      await runStoreSync(db, storeId, { actor: "mercadolibre.install" });
    },
    async [EVENT_JOB](payload) {
      const inboxId = BigInt(String((payload as { inboxId?: unknown })?.inboxId ?? "0"));
      const event = await db.inboxEvent.findUnique({ where: { id: inboxId } });
      if (!event || event.processedAt) return;
      const row = await db.store.findFirst({ where: { platform: PLATFORM, shopDomain: event.shop } });
      const handle = handlerOf(event.topic);
      if (row?.credentials && handle) {
        const view: InboxEventView = {
          id: event.id.toString(),
          shop: event.shop,
          eventId: event.eventId,
          topic: event.topic,
          payload: event.payload,
          receivedAt: event.receivedAt,
        };
        await handle(view, ctxOf(row));
      } else if (!handle) logger.info({ topic: event.topic }, "mercadolibre: topic without a handler recorded");
      await db.inboxEvent.update({ where: { id: inboxId }, data: { processedAt: new Date() } });
    },
  };

  // ---- sweep ------------------------------------------------------------------------------
  async function sweepStore(storeId: string): Promise<void> {
    const row = await db.store.findUnique({ where: { id: storeId } });
    if (!row?.credentials || !connector!.sweep) return;
    const since = asObject(asObject(row.settings)[PLATFORM]).sweepCursor;
    const { cursor } = await connector!.sweep.run(ctxOf(row), typeof since === "string" ? since : null);
    await updateStoreSettings(db, storeId, (all) => ({
      ...all,
      [PLATFORM]: { ...asObject(all[PLATFORM]), sweepCursor: cursor },
    }));
  }
  let running: Promise<void> | undefined;
  function sweepNow(): Promise<void> {
    running ??= (async () => {
      try {
        const rows = await db.store.findMany({
          where: { platform: PLATFORM, credentials: { not: null } },
          select: { id: true },
        });
        for (const r of rows) {
          try {
            await sweepStore(r.id);
          } catch (e) {
            logger.warn({ storeId: r.id, error: (e as Error).message }, "mercadolibre sweep failed");
          }
        }
      } finally {
        running = undefined;
      }
    })();
    return running;
  }
  const every = options.sweepEveryMs ?? connector.sweep?.everyMs ?? 0;
  const timer = every > 0 ? setInterval(() => void sweepNow(), every) : undefined;
  timer?.unref();

  // ---- ports in core's registries ----------------------------------------------------------
  const undo = [
    registerCatalogAdapter(PLATFORM, (s) => connector.catalog?.(ctxOf(s))),
    registerDocumentWriteBack(PLATFORM, (s) => connector.documents?.(ctxOf(s))),
    registerFulfillmentAdapter(PLATFORM, (s) => connector.fulfillment?.(ctxOf(s))),
  ];

  const routes: PlatformRoute[] = [
    { prefix: hookPath, handle: receive },
    ...(connector.routes ?? []).map((r) => ({ prefix: r.prefix, handle: (req: Request) => r.handle(req, platform) })),
  ];
  return {
    routes,
    handlers,
    platform,
    sweepNow,
    close() {
      clearInterval(timer);
      undo.forEach((u) => u());
    },
  };
}
