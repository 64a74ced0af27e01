import { z } from "zod";
import { TimbreError } from "@timbre/core/platform-parts";
import type { JumpsellerAppConfig } from "../config.js";

/** accounts.jumpseller.com's token answer (platforms.md §3.2); access tokens last one hour. */
const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive().default(3600),
  refresh_token: z.string().min(1),
  scope: z.string().optional(),
  created_at: z.number().optional(),
});

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  expiresAt: number;
  scope: string;
}

export function redirectUri(config: JumpsellerAppConfig): string {
  return `${config.publicUrl}/jumpseller/oauth/callback`;
}

export function authorizeUrl(config: JumpsellerAppConfig, state: string, extra: Record<string, string> = {}): string {
  const u = new URL(`${config.authUrl}/oauth/authorize`);
  u.searchParams.set("client_id", config.appId);
  u.searchParams.set("redirect_uri", redirectUri(config));
  u.searchParams.set("response_type", "code");
  u.searchParams.set("scope", config.scopes.join(" "));
  u.searchParams.set("state", state);
  for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
  return u.toString();
}

async function tokenRequest(
  config: JumpsellerAppConfig,
  form: Record<string, string>,
  now: number,
  doFetch: typeof fetch,
): Promise<TokenSet> {
  let res: Response;
  try {
    res = await doFetch(`${config.authUrl}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ client_id: config.appId, client_secret: config.appSecret, ...form }).toString(),
      signal: AbortSignal.timeout(20_000),
    });
  } catch (e) {
    throw new TimbreError(
      "jumpseller.oauth_unreachable",
      {
        es: "No se pudo contactar a Jumpseller para autorizar la tienda. Intente de nuevo.",
        en: "Could not reach Jumpseller to authorize the store. Try again.",
      },
      { kind: "upstream", detail: String((e as Error)?.message ?? e) },
    );
  }
  const text = await res.text();
  if (!res.ok) {
    const revoked = res.status === 400 || res.status === 401;
    throw new TimbreError(
      revoked ? "jumpseller.oauth_refused" : "jumpseller.oauth_failed",
      revoked
        ? {
            es: "Jumpseller no aceptó la autorización de Timbre. Instale la aplicación de nuevo.",
            en: "Jumpseller did not accept Timbre's authorization. Install the app again.",
          }
        : {
            es: "Jumpseller no pudo autorizar la tienda ahora. Intente de nuevo.",
            en: "Jumpseller could not authorize the store now. Try again.",
          },
      {
        kind: revoked ? "unauthorized" : "upstream",
        detail: `token ${form.grant_type} → ${res.status}: ${text.slice(0, 200)}`,
      },
    );
  }
  const t = TokenResponse.parse(JSON.parse(text));
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: now + t.expires_in * 1000,
    scope: t.scope ?? "",
  };
}

export function exchangeCode(
  config: JumpsellerAppConfig,
  code: string,
  now = Date.now(),
  doFetch: typeof fetch = fetch,
): Promise<TokenSet> {
  return tokenRequest(
    config,
    { grant_type: "authorization_code", code, redirect_uri: redirectUri(config) },
    now,
    doFetch,
  );
}

export function refreshTokens(
  config: JumpsellerAppConfig,
  refreshToken: string,
  now = Date.now(),
  doFetch: typeof fetch = fetch,
): Promise<TokenSet> {
  return tokenRequest(config, { grant_type: "refresh_token", refresh_token: refreshToken }, now, doFetch);
}

/** Best effort at uninstall: a token Jumpseller already dropped is fine. */
export async function revokeToken(
  config: JumpsellerAppConfig,
  token: string,
  doFetch: typeof fetch = fetch,
): Promise<void> {
  await doFetch(`${config.authUrl}/oauth/revoke`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: config.appId, client_secret: config.appSecret, token }).toString(),
    signal: AbortSignal.timeout(10_000),
  }).catch(() => undefined);
}
