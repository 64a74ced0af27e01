import type { Db, Encryptor } from "@timbre/core/hub";
import { TimbreError } from "@timbre/core/platform-parts";
import { z } from "zod";
import { adminOrigin, type ShopifyEnv } from "./config.js";
import { ACCESS_TOKEN, openSessionRow, REFRESH_TOKEN, sealToken } from "./session-tokens.js";

/**
 * The shop's offline access token for background work (webhook jobs, stock pushes, write-back).
 * Offline tokens expire after an hour and come with a rotating refresh token; two workers refreshing
 * at once would each spend the refresh token and one of them would store a dead pair. So refreshes
 * are serialised per shop: in this process by a promise per shop, across replicas by a PostgreSQL
 * advisory lock held while the session row is re-read, refreshed and written. The row holds both
 * tokens sealed (session-tokens.ts); a row from before sealing is read plain and sealed by the refresh.
 */
export const offlineSessionId = (shop: string) => `offline_${shop}`;

/** Refresh this long before expiry, like the library does. */
const EARLY_MS = 5 * 60_000;

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  scope: z.string().optional(),
  expires_in: z.number().optional(),
  refresh_token: z.string().optional(),
  refresh_token_expires_in: z.number().optional(),
});

const inFlight = new Map<string, Promise<string>>();

export class ShopNotInstalledError extends TimbreError {
  constructor(shop: string) {
    super(
      "shopify.not_installed",
      {
        es: `La tienda ${shop} no tiene Timbre instalado (o lo desinstaló).`,
        en: `Shop ${shop} has no Timbre installation.`,
      },
      { kind: "configuration" },
    );
  }
}

export async function offlineAccessToken(
  db: Db,
  encryptor: Encryptor,
  env: Pick<ShopifyEnv, "apiKey" | "apiSecret" | "adminApiUrl">,
  shop: string,
  options: { force?: boolean; now?: () => number; fetch?: typeof fetch } = {},
): Promise<string> {
  const now = options.now ?? Date.now;
  const row = await db.session.findUnique({ where: { id: offlineSessionId(shop) } });
  if (!row) throw new ShopNotInstalledError(shop);
  const session = openSessionRow(encryptor, row);
  if (!options.force && (!session.expires || session.expires.getTime() - EARLY_MS > now())) return session.accessToken;
  const running = inFlight.get(shop);
  if (running) return running;
  const refresh = refreshOfflineTokenLocked(db, encryptor, env, shop, session.accessToken, {
    now,
    fetch: options.fetch ?? fetch,
  }).finally(() => inFlight.delete(shop));
  inFlight.set(shop, refresh);
  return refresh;
}

/**
 * The cross-replica half: under the shop's advisory lock, re-read the session; refresh only if it is
 * still the token the caller found stale (another replica may have refreshed meanwhile).
 */
export async function refreshOfflineTokenLocked(
  db: Db,
  encryptor: Encryptor,
  env: Pick<ShopifyEnv, "apiKey" | "apiSecret" | "adminApiUrl">,
  shop: string,
  staleToken: string,
  options: { now?: () => number; fetch?: typeof fetch } = {},
): Promise<string> {
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`shopify.refresh:${shop}`}))`;
      const row = await tx.session.findUnique({ where: { id: offlineSessionId(shop) } });
      if (!row) throw new ShopNotInstalledError(shop);
      const current = openSessionRow(encryptor, row);
      // Another worker refreshed while we waited for the lock: use its token.
      if (current.accessToken !== staleToken && current.expires && current.expires.getTime() - EARLY_MS > now())
        return current.accessToken;
      if (!current.refreshToken) throw new ShopNotInstalledError(shop);
      const res = await doFetch(`${adminOrigin(shop, env)}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", "x-shopify-shop-domain": shop },
        body: JSON.stringify({
          client_id: env.apiKey,
          client_secret: env.apiSecret,
          grant_type: "refresh_token",
          refresh_token: current.refreshToken,
        }),
        signal: AbortSignal.timeout(20_000),
      });
      if (!res.ok) {
        throw new TimbreError(
          "shopify.refresh_failed",
          {
            es: `Shopify no renovó el acceso de ${shop}; reinstale la app si persiste.`,
            en: `Shopify refused to refresh the token of ${shop}.`,
          },
          { kind: "upstream", detail: `${res.status} ${(await res.text()).slice(0, 200)}` },
        );
      }
      const t = TokenAnswer.parse(await res.json());
      await tx.session.update({
        where: { id: current.id },
        data: {
          accessToken: sealToken(encryptor, t.access_token, ACCESS_TOKEN),
          scope: t.scope ?? current.scope,
          expires: t.expires_in ? new Date(now() + t.expires_in * 1000) : null,
          refreshToken: sealToken(encryptor, t.refresh_token ?? current.refreshToken, REFRESH_TOKEN),
          refreshTokenExpires: t.refresh_token_expires_in
            ? new Date(now() + t.refresh_token_expires_in * 1000)
            : current.refreshTokenExpires,
        },
      });
      return t.access_token;
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}
