import type { Store } from "@prisma/client";
import { z } from "zod";
import {
  deliverIngestedOrder,
  enqueue,
  ingestOrder,
  isTimbreError,
  NormalizedOrderSchema,
  PermanentFailure,
  recordAudit,
  recordStoreListings,
  runStoreSync,
  schedulePublish,
  type JobHandler,
} from "@timbre/core/platform-parts";
import { parseProduct, productListings } from "../adapter/catalog-adapter.js";
import { JumpsellerApiError, type JumpsellerClient } from "../client/jumpseller-client.js";
import { HOOK_JOB } from "../hooks/receive-hook.js";
import { ensureCheckoutFields } from "../install/checkout-fields.js";
import { SWEEP_JOB, SYNC_JOB, type InstallDeps } from "../install/install-store.js";
import { ensureHooks } from "../install/register-hooks.js";
import { mapOrder } from "../orders/map-order.js";
import { mapDeliveryRequest } from "../orders/map-recipient.js";
import { readSettings, updateSettings, type JumpsellerSettings } from "../store/store-state.js";
import { refreshStoreTokens, storeClient } from "../store/store-session.js";
import { openCredentials } from "../store/store-state.js";

export interface JobDeps extends InstallDeps {
  /** How often each store is swept (default 5 minutes). */
  sweepEveryMs?: number;
  /** How often hooks are re-created to revive paused ones (default 6 hours). */
  renewHooksEveryMs?: number;
}

const StorePayload = z.object({ storeId: z.uuid() });
const HookPayload = z.object({ inboxId: z.string().regex(/^\d+$/) });

/** Most problems kept for the admin page. */
const MAX_PROBLEMS = 20;

async function noteProblem(deps: JobDeps, store: Store, message: string): Promise<void> {
  const at = new Date((deps.now ?? Date.now)()).toISOString();
  await updateSettings(deps.db, store.id, (s) => ({
    problems: [{ at, message }, ...s.problems].slice(0, MAX_PROBLEMS),
  }));
}

/**
 * Re-reads one order and hands it to the hub: never trust a hook body for an irreversible act
 * (platforms.md §0.2). Orders created long before the install are left alone.
 */
export async function importOrder(
  deps: JobDeps,
  store: Store,
  api: JumpsellerClient,
  orderId: string,
  settings: JumpsellerSettings,
): Promise<void> {
  const now = deps.now ?? Date.now;
  let raw: { order?: unknown };
  try {
    raw = (await api.get(`/orders/${orderId}`)) as { order?: unknown };
  } catch (e) {
    if (e instanceof JumpsellerApiError && e.status === 404) return; // deleted since
    throw e;
  }
  const mapped = NormalizedOrderSchema.safeParse(mapOrder(raw.order, settings.fieldIds, new Date(now())));
  if (!mapped.success) {
    const message = `Pedido ${orderId}: no se pudo leer (${mapped.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`;
    await noteProblem(deps, store, message);
    await recordAudit(deps.db, {
      companyId: store.companyId,
      storeId: store.id,
      subjectType: "store",
      subjectId: store.id,
      action: "jumpseller.order_unreadable",
      actor: "jumpseller",
      data: { orderId, message },
    });
    return;
  }
  const { order } = await ingestOrder(deps.db, store.id, store.companyId, mapped.data, "jumpseller");
  // Own couriers: the paid order's shipping address becomes a delivery (when the merchant maps methods).
  const request = mapped.data.status === "paid" ? mapDeliveryRequest(raw.order) : undefined;
  if (request) {
    const delivery = await deliverIngestedOrder(deps.db, order.id, request, "jumpseller");
    if (!delivery.ok && delivery.reason === "invalid_address")
      await noteProblem(deps, store, `Pedido ${orderId}: ${delivery.message}`);
  }
}

/**
 * A product created or edited in Jumpseller: its listings are recorded (matched to the hub by SKU)
 * and the hub's quantities published to it. One product read, not a catalog walk per edit.
 */
export async function importProduct(
  deps: JobDeps,
  store: Store,
  api: JumpsellerClient,
  productId: string,
): Promise<void> {
  let raw: unknown;
  try {
    raw = await api.get(`/products/${productId}`);
  } catch (e) {
    if (e instanceof JumpsellerApiError && e.status === 404) return;
    throw e;
  }
  const listings = productListings(parseProduct(raw));
  await deps.db.$transaction((tx) =>
    recordStoreListings(
      tx,
      store,
      listings.map((l) => ({ sku: l.sku, title: l.title, price: l.price, ref: l.ref, quantity: l.quantity })),
    ),
  );
  await schedulePublish(deps.db, [store.id]);
}

function installedStore(deps: JobDeps, store: Store | null): store is Store {
  if (!store || store.platform !== "jumpseller") return false;
  if (!readSettings(store).installed) return false;
  try {
    return !!openCredentials(deps.encryptor, store);
  } catch {
    return false;
  }
}

export function jumpsellerJobHandlers(deps: JobDeps): Record<string, JobHandler> {
  const now = deps.now ?? Date.now;
  const sweepEvery = deps.sweepEveryMs ?? 5 * 60_000;
  const renewEvery = deps.renewHooksEveryMs ?? 6 * 60 * 60_000;

  const hook: JobHandler = async (payload) => {
    const p = HookPayload.safeParse(payload);
    if (!p.success) throw new PermanentFailure(`${HOOK_JOB} payload`);
    const event = await deps.db.inboxEvent.findUnique({ where: { id: BigInt(p.data.inboxId) } });
    if (!event || event.processedAt) return;
    const store = await deps.db.store.findFirst({ where: { platform: "jumpseller", shopDomain: event.shop } });
    if (!installedStore(deps, store)) return;
    const settings = readSettings(store);
    const body = event.payload as { order?: { id?: unknown }; product?: { id?: unknown } };
    if (event.topic.startsWith("order_")) {
      const id = body.order?.id;
      if (id === undefined || id === null) throw new PermanentFailure("order hook without order id");
      await importOrder(deps, store, storeClient(deps, store.id), String(id), settings);
    } else if (event.topic.startsWith("product_")) {
      const id = body.product?.id;
      if (id === undefined || id === null) throw new PermanentFailure("product hook without product id");
      await importProduct(deps, store, storeClient(deps, store.id), String(id));
      if (event.topic === "product_created") {
        // Images and product data come with the next full sync (one per 10 minutes at most).
        await enqueue(deps.db, {
          kind: SYNC_JOB,
          payload: { storeId: store.id },
          dedupeKey: `${SYNC_JOB}:${store.id}`,
          runAt: new Date(now() + 10 * 60_000),
        });
      }
    }
    await deps.db.inboxEvent.update({ where: { id: event.id }, data: { processedAt: new Date(now()) } });
    await updateSettings(deps.db, store.id, () => ({ lastHookAt: new Date(now()).toISOString() }));
  };

  /**
   * Every few minutes per store: keep the token fresh, revive hooks, notice deleted checkout
   * fields, and catch the orders hooks missed (new ones after the cursor, and ones still pending here).
   */
  const sweep: JobHandler = async (payload) => {
    const p = StorePayload.safeParse(payload);
    if (!p.success) throw new PermanentFailure(`${SWEEP_JOB} payload`);
    const store = await deps.db.store.findUnique({ where: { id: p.data.storeId } });
    if (!installedStore(deps, store)) return; // uninstalled: the chain of sweeps ends here
    try {
      await sweepStore(store);
    } catch (e) {
      // Jumpseller no longer honours our refresh token: the merchant removed the app there.
      if (isTimbreError(e) && e.code === "jumpseller.oauth_refused") await markRevoked(store);
      else throw e;
    }
  };

  async function markRevoked(store: Store): Promise<void> {
    const at = new Date(now()).toISOString();
    await updateSettings(
      deps.db,
      store.id,
      (s) => ({
        installed: false,
        uninstalledAt: at,
        hookIds: {},
        problems: [
          {
            at,
            message:
              "Jumpseller revocó el acceso de Timbre (¿se desinstaló la aplicación?). Instálela de nuevo para seguir emitiendo.",
          },
          ...s.problems,
        ].slice(0, MAX_PROBLEMS),
      }),
      { credentials: null },
    );
    await recordAudit(deps.db, {
      companyId: store.companyId,
      storeId: store.id,
      subjectType: "store",
      subjectId: store.id,
      action: "jumpseller.uninstalled",
      actor: "jumpseller.sweep",
      data: { reason: "token refused" },
    });
  }

  async function sweepStore(store: Store): Promise<void> {
    const creds = openCredentials(deps.encryptor, store)!;
    if (creds.expiresAt - now() < 15 * 60_000) await refreshStoreTokens(deps, store.id);
    const api = storeClient(deps, store.id);
    let settings = readSettings(store);

    const renew = !settings.hooksRenewedAt || now() - Date.parse(settings.hooksRenewedAt) > renewEvery;
    const hooks = await ensureHooks(api, deps.config.publicUrl, { renew });
    const fields = await ensureCheckoutFields(api, settings.fieldIds, { recreate: false });
    settings = await updateSettings(deps.db, store.id, (s) => ({
      hookIds: hooks.hookIds,
      ...(renew ? { hooksRenewedAt: new Date(now()).toISOString() } : {}),
      fieldIds: fields.fieldIds,
      problems:
        fields.missing.length > 0 && !s.problems.some((x) => x.message.startsWith("Campos de checkout eliminados"))
          ? [
              {
                at: new Date(now()).toISOString(),
                message: `Campos de checkout eliminados: ${fields.missing.join(", ")}. Los pedidos se emiten como boleta.`,
              },
              ...s.problems,
            ].slice(0, MAX_PROBLEMS)
          : s.problems,
    }));

    // New orders since the cursor (at most 5 pages a sweep; the next one continues).
    let cursor = settings.orderCursor;
    for (let page = 0; page < 5; page++) {
      const list = (await api.get(`/orders/after/${cursor}`, { limit: 100 })) as Array<{
        order: { id: number | string; created_at?: string | null };
      }>;
      for (const { order } of list) {
        cursor = Math.max(cursor, Number(order.id) || 0);
        // Never issue for the store's history: only orders from a day before the install on.
        if (settings.installedAt && jumpsellerTime(order.created_at) < Date.parse(settings.installedAt) - 24 * 3600_000)
          continue;
        await importOrder(deps, store, api, String(order.id), settings);
      }
      if (list.length < 100) break;
    }
    // Orders the hub still has as pending may have been paid with the hook lost.
    const pending = await deps.db.order.findMany({
      where: { storeId: store.id, status: "pending", createdAt: { gte: new Date(now() - 7 * 24 * 3600_000) } },
      orderBy: { updatedAt: "asc" },
      take: 20,
    });
    for (const o of pending) await importOrder(deps, store, api, o.externalId, settings);

    await updateSettings(deps.db, store.id, () => ({
      orderCursor: cursor,
      lastSweepAt: new Date(now()).toISOString(),
    }));
    await enqueue(deps.db, {
      kind: SWEEP_JOB,
      payload: { storeId: store.id },
      dedupeKey: `${SWEEP_JOB}:${store.id}`,
      runAt: new Date(now() + sweepEvery),
    });
  }

  /** Reads the store's catalog, imports products and images, and publishes stock (core's store sync). */
  const sync: JobHandler = async (payload) => {
    const p = StorePayload.safeParse(payload);
    if (!p.success) throw new PermanentFailure(`${SYNC_JOB} payload`);
    const store = await deps.db.store.findUnique({ where: { id: p.data.storeId } });
    if (!installedStore(deps, store)) return;
    await runStoreSync(deps.db, store.id, { actor: "jumpseller" });
  };

  return { [HOOK_JOB]: hook, [SWEEP_JOB]: sweep, [SYNC_JOB]: sync };
}

/** "2026-05-01 10:30:00 UTC" → epoch ms (NaN-safe: unknown dates count as new). */
export function jumpsellerTime(text: string | null | undefined): number {
  if (!text) return Number.POSITIVE_INFINITY;
  const t = Date.parse(text.trim().replace(" UTC", "Z").replace(" ", "T"));
  return Number.isFinite(t) ? t : Number.POSITIVE_INFINITY;
}
