import type { Store } from "@prisma/client";
import { z } from "zod";
import { createStore, enqueue, recordAudit, TimbreError } from "@timbre/core/platform-parts";
import type { Db, Encryptor } from "@timbre/core/hub";
import { createJumpsellerClient, type JumpsellerClient } from "../client/jumpseller-client.js";
import type { JumpsellerAppConfig } from "../config.js";
import { revokeToken, type TokenSet } from "../oauth/oauth-client.js";
import {
  openCredentials,
  readSettings,
  sealCredentials,
  updateSettings,
  type Credentials,
} from "../store/store-state.js";
import { storeClient, storeLimiter } from "../store/store-session.js";
import { ensureCheckoutFields } from "./checkout-fields.js";
import { deleteHook, ensureHooks } from "./register-hooks.js";

export const SWEEP_JOB = "jumpseller.sweep";
export const SYNC_JOB = "jumpseller.sync";

const StoreInfoSchema = z.object({
  code: z.string().min(1),
  name: z.string().nullish(),
  hooks_token: z.string().min(1),
});

export interface InstallDeps {
  db: Db;
  encryptor: Encryptor;
  config: JumpsellerAppConfig;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface InstallResult {
  store: Store;
  created: boolean;
  fieldsCreated: string[];
  fieldsMissing: string[];
  hooksCreated: string[];
}

/** GET /store/info.json: the spec answers the Store fields bare; some answers wrap them in "store". */
export async function readStoreInfo(api: JumpsellerClient): Promise<z.output<typeof StoreInfoSchema>> {
  const raw = (await api.get("/store/info")) as Record<string, unknown>;
  return StoreInfoSchema.parse(raw && typeof raw.store === "object" ? raw.store : raw);
}

/**
 * Finishes an install once Jumpseller granted tokens: finds or creates the hub's Store for this
 * Jumpseller store (keyed on its code), keeps the tokens and hooks token encrypted, creates the
 * checkout fields and hooks idempotently, and starts the sweep and the first catalog sync.
 * Installing again (reinstall, or the merchant clicking twice) converges on the same state.
 */
export async function installStore(deps: InstallDeps, companyId: string, tokens: TokenSet): Promise<InstallResult> {
  const now = deps.now ?? Date.now;
  const fresh = createJumpsellerClient({
    apiUrl: deps.config.apiUrl,
    accessToken: async () => tokens.accessToken,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const info = await readStoreInfo(fresh);
  let store = await deps.db.store.findFirst({ where: { platform: "jumpseller", shopDomain: info.code } });
  let created = false;
  if (!store) {
    try {
      const made = await createStore(deps.db, deps.encryptor, {
        companyId,
        platform: "jumpseller",
        name: info.name ?? info.code,
        shopId: info.code,
        shopDomain: info.code,
        actor: "jumpseller.install",
      });
      store = await deps.db.store.findUniqueOrThrow({ where: { id: made.id } });
      created = true;
    } catch (e) {
      // Two callbacks raced: the other one created it.
      store = await deps.db.store.findFirst({ where: { platform: "jumpseller", shopDomain: info.code } });
      if (!store) throw e;
    }
  }
  if (store.companyId !== companyId && !created) {
    throw new TimbreError(
      "jumpseller.store_taken",
      {
        es: `La tienda Jumpseller ${info.code} ya está conectada a otra empresa en Timbre.`,
        en: `Jumpseller store ${info.code} is already connected to another company in Timbre.`,
      },
      { kind: "conflict" },
    );
  }
  const credentials: Credentials = { ...tokens, hooksToken: info.hooks_token };
  const storeId = store.id;
  // The store/info call went out before we knew the store: count it in its budget now.
  await storeLimiter(storeId).acquire();
  await updateSettings(
    deps.db,
    storeId,
    (s) => ({
      installed: true,
      installedAt: new Date(now()).toISOString(),
      storeName: info.name ?? info.code,
      uninstalledAt: undefined,
      orderCursor: s.orderCursor,
    }),
    { credentials: sealCredentials(deps.encryptor, credentials) },
  );

  const api = storeClient(deps, storeId);
  const settings = readSettings(await deps.db.store.findUniqueOrThrow({ where: { id: storeId } }));
  const fields = await ensureCheckoutFields(api, settings.fieldIds, { recreate: true });
  const hooks = await ensureHooks(api, deps.config.publicUrl, { renew: false });
  const cursor = settings.orderCursor > 0 ? settings.orderCursor : await latestOrderId(api);
  await updateSettings(deps.db, storeId, () => ({
    fieldIds: fields.fieldIds,
    hookIds: hooks.hookIds,
    hooksRenewedAt: new Date(now()).toISOString(),
    orderCursor: cursor,
  }));

  await recordAudit(deps.db, {
    companyId: store.companyId,
    storeId,
    subjectType: "store",
    subjectId: storeId,
    action: "jumpseller.installed",
    actor: "jumpseller.install",
    data: {
      code: info.code,
      fieldsCreated: fields.created,
      fieldsMissing: fields.missing,
      hooksCreated: hooks.created,
      reinstall: !created,
    },
  });
  await enqueue(deps.db, {
    kind: SWEEP_JOB,
    payload: { storeId },
    dedupeKey: `${SWEEP_JOB}:${storeId}`,
    runAt: new Date(now() + 60_000),
  });
  await enqueue(deps.db, { kind: SYNC_JOB, payload: { storeId }, dedupeKey: `${SYNC_JOB}:${storeId}` });
  return {
    store: await deps.db.store.findUniqueOrThrow({ where: { id: storeId } }),
    created,
    fieldsCreated: fields.created,
    fieldsMissing: fields.missing,
    hooksCreated: hooks.created,
  };
}

/**
 * Where the sweep starts: the newest order id the store has now, so installing never issues
 * documents for the store's past orders.
 */
async function latestOrderId(api: JumpsellerClient): Promise<number> {
  const list = (await api.get("/orders", { limit: 100, page: 1 })) as Array<{ order?: { id?: number | string } }>;
  return list.reduce((max, o) => Math.max(max, Number(o.order?.id ?? 0) || 0), 0);
}

/**
 * Uninstall: our hooks are removed and the tokens revoked and forgotten. The Store row, its orders
 * and documents stay (the SII requires keeping them); the checkout field ids stay too, so a
 * reinstall finds the same fields instead of duplicating them.
 */
export async function uninstallStore(deps: InstallDeps, storeId: string, actor: string): Promise<void> {
  const store = await deps.db.store.findUnique({ where: { id: storeId } });
  if (!store) return;
  const creds = openCredentials(deps.encryptor, store);
  const settings = readSettings(store);
  if (creds) {
    const api = storeClient(deps, storeId);
    for (const id of Object.values(settings.hookIds)) await deleteHook(api, id).catch(() => undefined);
    await revokeToken(deps.config, creds.accessToken, deps.fetch);
  }
  await updateSettings(
    deps.db,
    storeId,
    () => ({ installed: false, uninstalledAt: new Date((deps.now ?? Date.now)()).toISOString(), hookIds: {} }),
    { credentials: null },
  );
  await recordAudit(deps.db, {
    companyId: store.companyId,
    storeId,
    subjectType: "store",
    subjectId: storeId,
    action: "jumpseller.uninstalled",
    actor,
    data: {},
  });
}
