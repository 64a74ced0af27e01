import { createHmac } from "node:crypto";
import OAuth from "oauth-1.0a";
import { z } from "zod";

/**
 * A Magento 2 integration's credentials. With the consumer key and secret and the token secret,
 * every request is OAuth 1.0a-signed (HMAC-SHA256, the supported integration path). With the access
 * token alone it is sent as a Bearer token, which the shop must allow (Stores → Configuration →
 * Services → OAuth → "Allow OAuth Access Tokens to be used as standalone Bearer tokens").
 */
export const MagentoCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  accessTokenSecret: z.string().min(1).optional(),
  consumerKey: z.string().min(1).optional(),
  consumerSecret: z.string().min(1).optional(),
  /** Signs the module's order-save ping (the module keeps the same value, encrypted). */
  pingSecret: z.string().min(16).optional(),
});
export type MagentoCredentials = z.infer<typeof MagentoCredentialsSchema>;

export type Scope = "default" | "all";

/** Magento refused or failed a call. `retryable` says whether trying again later can help. */
export class MagentoApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly path: string,
  ) {
    super(`Magento ${status} on ${path}: ${detail}`);
    this.name = "MagentoApiError";
  }
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
  /** The token was revoked or the integration deactivated. */
  get unauthorized(): boolean {
    return this.status === 401;
  }
}

export interface MagentoClientOptions {
  /** The shop's address (http://tienda.cl); REST lives under /rest/<store code>/V1. */
  url: string;
  credentials: MagentoCredentials;
  /** Waits for the store's request budget before each call (the kit's rate limiter). */
  beforeRequest?: () => Promise<void>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

type Query = Record<string, string | number>;

export class MagentoClient {
  readonly url: string;
  private readonly oauth: OAuth | undefined;

  constructor(private readonly o: MagentoClientOptions) {
    this.url = o.url.replace(/\/+$/, "");
    const c = o.credentials;
    this.oauth =
      c.consumerKey && c.consumerSecret && c.accessTokenSecret
        ? new OAuth({
            consumer: { key: c.consumerKey, secret: c.consumerSecret },
            signature_method: "HMAC-SHA256",
            hash_function: (base, key) => createHmac("sha256", key).update(base).digest("base64"),
          })
        : undefined;
  }

  get signed(): boolean {
    return this.oauth !== undefined;
  }

  get<T>(path: string, query: Query = {}, scope: Scope = "default"): Promise<T> {
    return this.request<T>("GET", path, { query, scope });
  }

  post<T>(path: string, body: unknown, scope: Scope = "default"): Promise<T> {
    return this.request<T>("POST", path, { body, scope });
  }

  put<T>(path: string, body: unknown, scope: Scope = "default"): Promise<T> {
    return this.request<T>("PUT", path, { body, scope });
  }

  delete<T>(path: string, scope: Scope = "default"): Promise<T> {
    return this.request<T>("DELETE", path, { scope });
  }

  async request<T>(
    method: string,
    path: string,
    { query = {}, body, scope = "default" }: { query?: Query; body?: unknown; scope?: Scope } = {},
  ): Promise<T> {
    // RFC 3986 encoding (a space is %20, never "+"): the OAuth signature base string must read the
    // query exactly as Magento decodes it.
    const qs = Object.entries(query)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join("&");
    const url = `${this.url}/rest/${scope}/V1/${path}${qs ? `?${qs}` : ""}`;
    const headers: Record<string, string> = {
      accept: "application/json",
      authorization: this.authorization(method, url, query),
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    await this.o.beforeRequest?.();
    let res: Response;
    try {
      res = await (this.o.fetch ?? fetch)(url, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 60_000),
      });
    } catch (e) {
      throw new MagentoApiError(0, (e as Error).message, path);
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!res.ok) throw new MagentoApiError(res.status, errorMessage(parsed), path);
    return parsed as T;
  }

  private authorization(method: string, url: string, query: Query): string {
    if (!this.oauth) return `Bearer ${this.o.credentials.accessToken}`;
    const token = { key: this.o.credentials.accessToken, secret: this.o.credentials.accessTokenSecret! };
    // The query goes in as decoded pairs: oauth-1.0a would encode the already encoded keys of a URL
    // ("searchCriteria%5B…" → "%255B"), and Magento would refuse the signature. A JSON body is not
    // part of an OAuth 1.0a signature.
    const data = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)]));
    return this.oauth.toHeader(this.oauth.authorize({ url: url.split("?")[0]!, method, data }, token)).Authorization;
  }
}

/** Magento's `{message, parameters}` with %1 / %name placeholders filled in. */
function errorMessage(body: unknown): string {
  const b = body as { message?: unknown; parameters?: unknown } | null;
  if (!b || typeof b.message !== "string") return typeof body === "string" ? body.slice(0, 300) : "no message";
  let m = b.message;
  const p = b.parameters;
  if (Array.isArray(p)) p.forEach((v, i) => (m = m.replaceAll(`%${i + 1}`, String(v))));
  else if (p && typeof p === "object")
    for (const [k, v] of Object.entries(p as Record<string, unknown>)) m = m.replaceAll(`%${k}`, String(v));
  return m;
}

export type Filter = [field: string, value: string | number, condition?: string];

/**
 * searchCriteria query parameters: each filter in its own group (AND), values as given (Magento
 * compares `updated_at` as UTC "Y-m-d H:i:s").
 */
export function searchCriteria(
  filters: Filter[],
  o: { pageSize?: number; page?: number; sort?: [string, "ASC" | "DESC"] } = {},
): Query {
  const q: Query = {};
  filters.forEach(([field, value, condition = "eq"], i) => {
    q[`searchCriteria[filter_groups][${i}][filters][0][field]`] = field;
    q[`searchCriteria[filter_groups][${i}][filters][0][value]`] = value;
    q[`searchCriteria[filter_groups][${i}][filters][0][condition_type]`] = condition;
  });
  if (o.sort) {
    q["searchCriteria[sortOrders][0][field]"] = o.sort[0];
    q["searchCriteria[sortOrders][0][direction]"] = o.sort[1];
  }
  q["searchCriteria[pageSize]"] = o.pageSize ?? 50;
  q["searchCriteria[currentPage]"] = o.page ?? 1;
  return q;
}

/** Magento's "2026-12-01 13:52:17" (UTC) ↔ ISO. */
export const magentoTime = {
  toIso: (t: string) => `${t.trim().replace(" ", "T")}Z`,
  fromDate: (d: Date) => d.toISOString().slice(0, 19).replace("T", " "),
};
