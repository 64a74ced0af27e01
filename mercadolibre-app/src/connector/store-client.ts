import type { StoreContext } from "@timbre/core/platforms";
import { createMeliClient, type MeliClient } from "../client/meli-client.js";
import type { MercadoLibreConfig } from "../config.js";
import { MeliGrantRevoked, refreshCredentials } from "../oauth/oauth-client.js";
import { isFresh, type Credentials } from "../oauth/tokens.js";
import { MELI_SELLER_LIMITS } from "../stock/catalog-port.js";
import type { MeliSettings } from "./settings.js";

export type MeliStore = StoreContext<Credentials, MeliSettings>;

export const GRANT_PROBLEM = "mercadolibre.grant_revoked";

/**
 * The API client of one installed seller. Tokens come through `store.credentials.fresh`: one refresh
 * at a time per seller across processes (the refresh token is single-use, a lost race disconnects
 * the seller), and only when the 6-hour token is about to end or ML refused it. A refused grant
 * becomes a problem the merchant sees ("vuelva a conectar").
 */
export function storeClient(
  store: MeliStore,
  config: MercadoLibreConfig,
  options: { now?: () => number; fetch?: typeof fetch } = {},
): MeliClient {
  const now = options.now ?? Date.now;
  let cached: Credentials | undefined;
  const refresh = async (force: boolean): Promise<Credentials> => {
    try {
      cached = await store.credentials.fresh({
        isFresh: (c) => isFresh(c, now()),
        refresh: (c) => refreshCredentials(config, c, now(), options.fetch),
        ...(force ? { force: true } : {}),
      });
      return cached;
    } catch (e) {
      if (e instanceof MeliGrantRevoked) {
        await store.problems.report({
          code: GRANT_PROBLEM,
          message: e.user.es,
          ...(e.detail ? { detail: e.detail } : {}),
        });
      }
      throw e;
    }
  };
  return createMeliClient({
    apiUrl: config.apiUrl,
    accessToken: async () => {
      if (cached && isFresh(cached, now())) return cached.accessToken;
      return (await refresh(false)).accessToken;
    },
    refreshToken: async () => (await refresh(true)).accessToken,
    limiter: store.limiter(MELI_SELLER_LIMITS),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** The seller's user id, from the settings written at install or the credentials. */
export async function sellerId(store: MeliStore): Promise<string | undefined> {
  return store.settingsSnapshot.userId ?? store.shopDomain ?? (await store.credentials.read())?.userId;
}
