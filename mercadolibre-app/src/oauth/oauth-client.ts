import { TimbreError } from "@timbre/core/platform-parts";
import { parseJsonKeepingIds } from "../client/json.js";
import { MeliApiError } from "../client/meli-error.js";
import { redirectUri, type MercadoLibreConfig } from "../config.js";
import { toCredentials, TokenResponseSchema, type Credentials } from "./tokens.js";

/** Chile's authorization page (`auth.mercadolibre.cl/authorization`), with our signed state. */
export function authorizeUrl(config: MercadoLibreConfig, state: string): string {
  const u = new URL(`${config.authUrl}/authorization`);
  u.searchParams.set("response_type", "code");
  u.searchParams.set("client_id", config.appId);
  u.searchParams.set("redirect_uri", redirectUri(config));
  u.searchParams.set("state", state);
  return u.toString();
}

/**
 * Mercado Libre refused the grant: the code or refresh token is expired, revoked by the seller, or
 * was already used (`400 invalid_grant`). Retrying cannot help; the seller must connect again.
 */
export class MeliGrantRevoked extends TimbreError {
  constructor(detail: string) {
    super(
      "mercadolibre.grant_revoked",
      {
        es: "Mercado Libre ya no autoriza a Timbre en esta cuenta (el permiso fue revocado o venció). Vuelva a conectar la cuenta desde Timbre.",
        en: "Mercado Libre no longer authorizes Timbre on this account (the grant was revoked or expired). Connect the account again from Timbre.",
      },
      { kind: "unauthorized", detail },
    );
  }
}

/**
 * POST /oauth/token with the parameters in an `application/x-www-form-urlencoded` body, never the
 * query string (ML's best-practices page).
 */
async function tokenRequest(
  config: MercadoLibreConfig,
  params: Record<string, string>,
  now: number,
  doFetch: typeof fetch = fetch,
): Promise<Credentials> {
  const body = new URLSearchParams({ client_id: config.appId, client_secret: config.appSecret, ...params });
  let res: Response;
  try {
    res = await doFetch(`${config.apiUrl}/oauth/token`, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
      body,
      signal: AbortSignal.timeout(20_000),
    });
  } catch (e) {
    throw new MeliApiError(0, "POST", "/oauth/token", { message: String((e as Error)?.message ?? e) });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = parseJsonKeepingIds(text);
  } catch {
    json = { message: text.slice(0, 300) };
  }
  if (!res.ok) {
    const err = json as { error?: string; message?: string };
    if (res.status === 400 || res.status === 401) {
      if (/invalid_grant|invalid_token|expired|revoked|already used/i.test(`${err.error ?? ""} ${err.message ?? ""}`))
        throw new MeliGrantRevoked(`POST /oauth/token (${params.grant_type}) → ${res.status}: ${text.slice(0, 300)}`);
    }
    throw new MeliApiError(res.status, "POST", "/oauth/token", err);
  }
  const parsed = TokenResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw new MeliApiError(res.status, "POST", "/oauth/token", {
      message: `unexpected token answer: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`,
    });
  }
  return toCredentials(parsed.data, now);
}

export function exchangeCode(
  config: MercadoLibreConfig,
  code: string,
  now: number,
  doFetch?: typeof fetch,
): Promise<Credentials> {
  return tokenRequest(
    config,
    { grant_type: "authorization_code", code, redirect_uri: redirectUri(config) },
    now,
    doFetch,
  );
}

/** Spends `refreshToken` (single use) for a new pair. Callers must hold the store's refresh lock. */
export function refreshCredentials(
  config: MercadoLibreConfig,
  current: Credentials,
  now: number,
  doFetch?: typeof fetch,
): Promise<Credentials> {
  return tokenRequest(config, { grant_type: "refresh_token", refresh_token: current.refreshToken }, now, doFetch);
}
