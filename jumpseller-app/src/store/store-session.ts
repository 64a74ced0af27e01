import { RateLimiter, TimbreError } from "@timbre/core/platform-parts";
import type { Db, Encryptor } from "@timbre/core/hub";
import { createJumpsellerClient, type JumpsellerClient } from "../client/jumpseller-client.js";
import type { JumpsellerAppConfig } from "../config.js";
import { refreshTokens } from "../oauth/oauth-client.js";
import { openCredentials, sealCredentials, type Credentials } from "./store-state.js";

/** Refresh this long before the hour is up, so a request never leaves with a token about to die. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export interface SessionDeps {
  db: Db;
  encryptor: Encryptor;
  config: JumpsellerAppConfig;
  fetch?: typeof fetch;
  now?: () => number;
}

const refreshing = new Map<string, Promise<Credentials>>();

/**
 * Everything this process sends to one store (stock, order re-reads, documents, install) queues on
 * one limiter a little under Jumpseller's 20/s and 800/min, so bursts from different jobs add up to
 * no 429s. Stock pushes are paced again, lower, by the hub (JUMPSELLER_CATALOG_LIMITS).
 */
export const JUMPSELLER_STORE_LIMITS = { perSecond: 18, perMinute: 760 };
const limiters = new Map<string, RateLimiter>();
export function storeLimiter(storeId: string): RateLimiter {
  let l = limiters.get(storeId);
  if (!l) limiters.set(storeId, (l = new RateLimiter(JUMPSELLER_STORE_LIMITS)));
  return l;
}

function notInstalled(storeId: string): TimbreError {
  return new TimbreError(
    "jumpseller.not_installed",
    {
      es: "La aplicación Timbre no está instalada en esta tienda Jumpseller.",
      en: "The Timbre app is not installed on this Jumpseller store.",
    },
    { kind: "unauthorized", detail: `store ${storeId} has no Jumpseller credentials` },
  );
}

/**
 * Refreshes the store's tokens, once at a time: in this process through a shared promise, across
 * replicas through the Store row lock. Jumpseller rotates refresh tokens, so two refreshes racing
 * would leave one replica holding a dead one.
 */
export function refreshStoreTokens(deps: SessionDeps, storeId: string, force = false): Promise<Credentials> {
  const running = refreshing.get(storeId);
  if (running) return running;
  const now = deps.now ?? Date.now;
  const p = deps.db
    .$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Store" WHERE id = ${storeId}::uuid FOR UPDATE`;
        const store = await tx.store.findUniqueOrThrow({ where: { id: storeId } });
        const current = openCredentials(deps.encryptor, store);
        if (!current) throw notInstalled(storeId);
        // Another replica refreshed while we waited for the lock.
        if (!force && current.expiresAt - now() > REFRESH_MARGIN_MS) return current;
        const t = await refreshTokens(deps.config, current.refreshToken, now(), deps.fetch);
        const next: Credentials = {
          ...current,
          accessToken: t.accessToken,
          refreshToken: t.refreshToken,
          expiresAt: t.expiresAt,
          scope: t.scope || current.scope,
        };
        await tx.store.update({ where: { id: storeId }, data: { credentials: sealCredentials(deps.encryptor, next) } });
        return next;
      },
      { timeout: 30_000 },
    )
    .finally(() => refreshing.delete(storeId));
  refreshing.set(storeId, p);
  return p;
}

/** A REST client for one store that refreshes its token before the hour is up. */
export function storeClient(deps: SessionDeps, storeId: string): JumpsellerClient {
  const now = deps.now ?? Date.now;
  let cached: Credentials | undefined;
  const load = async (): Promise<Credentials> => {
    if (!cached) {
      const store = await deps.db.store.findUnique({ where: { id: storeId } });
      if (!store) throw notInstalled(storeId);
      cached = openCredentials(deps.encryptor, store);
      if (!cached) throw notInstalled(storeId);
    }
    if (cached.expiresAt - now() <= REFRESH_MARGIN_MS) cached = await refreshStoreTokens(deps, storeId);
    return cached;
  };
  return createJumpsellerClient({
    apiUrl: deps.config.apiUrl,
    accessToken: async () => (await load()).accessToken,
    refreshToken: async () => {
      cached = await refreshStoreTokens(deps, storeId, true);
      return cached.accessToken;
    },
    limiter: storeLimiter(storeId),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
}
