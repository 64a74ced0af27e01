import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What every platform emulator has in common, so each one is only its resources
 * (`@timbre/core/testing/emulator-kit`):
 *
 * - `serveFetch`: any `Request → Response` handler on a real local port (clients under test use
 *   their ordinary `fetch`; nothing to inject).
 * - `OAuthTokens`: access tokens with an expiry and single-use rotating refresh tokens (a refresh
 *   token used twice is refused, as Mercado Libre, Jumpseller and Shopify's expiring tokens are).
 * - `RateWindow`: per-key request windows answering 429 with `Retry-After` when full.
 * - `HookSender`: signed webhook delivery (HMAC-SHA256 of the raw body) with retries and backoff,
 *   every attempt recorded.
 * - `Faults`: the next N requests (optionally matching a path) answer a status, or hang.
 * - `createEmulator`: the above composed, with control endpoints under `/_`: `GET /_state` (the
 *   emulator's state as JSON), `POST /_faults` `{status, times?, path?, hang?}`, `POST /_tokens/expire`
 *   (every access token expires now), `GET /_hooks` (delivery attempts).
 */

export type FetchHandler = (request: Request) => Promise<Response>;

export interface ServedFetch {
  url: string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => (headers[k] = v));
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** Serves a fetch handler on 127.0.0.1 (port 0: a free one). */
export async function serveFetch(
  handler: FetchHandler,
  options: { port?: number; host?: string } = {},
): Promise<ServedFetch> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) {
          if (typeof v === "string") headers.set(k, v);
          else if (Array.isArray(v)) for (const x of v) headers.append(k, x);
        }
        const method = req.method ?? "GET";
        const request = new Request(`http://${req.headers.host ?? host}${req.url ?? "/"}`, {
          method,
          headers,
          ...(body.length > 0 && method !== "GET" && method !== "HEAD" ? { body: new Uint8Array(body) } : {}),
        });
        await writeResponse(res, await handler(request));
      } catch (e) {
        res.writeHead(500, { "content-type": "text/plain" }).end(`emulator error: ${(e as Error).message}`);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });

// ---------------------------------------------------------------------------------------------
// OAuth

export interface IssuedToken {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  expiresAt: number;
  expiresIn: number;
  scope: string;
  /** Whose token (shop, seller id). */
  subject: string;
}

export type TokenCheck = { ok: true; token: IssuedToken } | { ok: false; reason: "unknown" | "expired" | "revoked" };

/**
 * Access and refresh tokens as OAuth servers hand them out: every access token expires after
 * `ttlMs`, every refresh gives a new pair and spends the refresh token used (a second use is
 * refused and, like Mercado Libre, revokes nothing else).
 */
export class OAuthTokens {
  private readonly access = new Map<string, IssuedToken>();
  private readonly refresh = new Map<string, IssuedToken>();
  private readonly spent = new Set<string>();
  private readonly revoked = new Set<string>();
  /** Refreshes that succeeded, and refused ones (a spent token reused): tests count them. */
  readonly log: Array<{ refreshToken: string; ok: boolean; at: number }> = [];

  constructor(private readonly options: { ttlMs?: number; now?: () => number; prefix?: string } = {}) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  issue(subject: string, scope = ""): IssuedToken {
    const ttl = this.options.ttlMs ?? 3_600_000;
    const p = this.options.prefix ?? "emu";
    const token: IssuedToken = {
      accessToken: `${p}_at_${randomBytes(12).toString("hex")}`,
      refreshToken: `${p}_rt_${randomBytes(12).toString("hex")}`,
      expiresAt: this.now() + ttl,
      expiresIn: Math.round(ttl / 1000),
      scope,
      subject,
    };
    this.access.set(token.accessToken, token);
    this.refresh.set(token.refreshToken, token);
    return token;
  }

  /** A new pair for a refresh token; undefined when it is unknown, spent or revoked (invalid_grant). */
  refreshWith(refreshToken: string): IssuedToken | undefined {
    const old = this.refresh.get(refreshToken);
    const ok = old !== undefined && !this.spent.has(refreshToken) && !this.revoked.has(old.accessToken);
    this.log.push({ refreshToken, ok, at: this.now() });
    if (!ok) return undefined;
    this.spent.add(refreshToken);
    this.access.delete(old.accessToken);
    return this.issue(old.subject, old.scope);
  }

  check(accessToken: string | undefined | null): TokenCheck {
    const token = accessToken ? this.access.get(accessToken) : undefined;
    if (!token) return { ok: false, reason: "unknown" };
    if (this.revoked.has(accessToken!)) return { ok: false, reason: "revoked" };
    if (token.expiresAt <= this.now()) return { ok: false, reason: "expired" };
    return { ok: true, token };
  }

  /** Every access token expires now (the next call must refresh). */
  expireAll(): void {
    for (const t of this.access.values()) t.expiresAt = this.now() - 1;
  }

  /** The app was uninstalled or access revoked: the subject's tokens stop working. */
  revoke(subject: string): void {
    for (const [at, t] of this.access) if (t.subject === subject) this.revoked.add(at);
  }

  /** Bearer token of a request, checked. */
  checkRequest(request: Request): TokenCheck {
    const m = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
    return this.check(m?.[1]);
  }

  state() {
    return {
      tokens: this.access.size,
      refreshes: this.log.filter((l) => l.ok).length,
      refusedRefreshes: this.log.filter((l) => !l.ok).length,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Rate windows

export interface RateLimitsSpec {
  perSecond?: number;
  perMinute?: number;
}

/**
 * Fixed windows per key (a token, a shop): a request over `perSecond` in the current second, or
 * `perMinute` in the current minute, is refused with how long to wait.
 */
export class RateWindow {
  private readonly hits = new Map<string, number[]>();
  throttled = 0;

  constructor(
    private readonly limits: RateLimitsSpec,
    private readonly now: () => number = Date.now,
  ) {}

  /** Undefined when allowed; otherwise seconds to wait (Retry-After). */
  take(key: string): number | undefined {
    const t = this.now();
    const list = (this.hits.get(key) ?? []).filter((h) => h > t - 60_000);
    const lastSecond = list.filter((h) => h > t - 1_000).length;
    let wait: number | undefined;
    if (this.limits.perSecond !== undefined && lastSecond >= this.limits.perSecond) wait = 1;
    else if (this.limits.perMinute !== undefined && list.length >= this.limits.perMinute)
      wait = Math.max(1, Math.ceil((list[0]! + 60_000 - t) / 1000));
    if (wait !== undefined) {
      this.throttled++;
      this.hits.set(key, list);
      return wait;
    }
    list.push(t);
    this.hits.set(key, list);
    return undefined;
  }

  /** The 429 a platform answers (body in the platform's own words when given). */
  static tooMany(retryAfterS: number, body: unknown = { error: "too_many_requests" }): Response {
    return json(body, 429, { "retry-after": String(retryAfterS) });
  }
}

// ---------------------------------------------------------------------------------------------
// Signed hook delivery

export interface HookAttempt {
  url: string;
  topic: string;
  attempt: number;
  status: number | "error";
  at: number;
}

export interface HookSenderOptions {
  /** Header name → value for one delivery (signature, topic, shop…), given the raw body. */
  headers(body: string, topic: string): Record<string, string>;
  /** Deliveries after the first (default 3). */
  retries?: number;
  /** Wait before retry n (default 50 ms × 2^(n-1)). */
  backoffMs?: (attempt: number) => number;
  /** Giving up on one attempt after this long (default 5 s, like platforms that time out fast). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** base64 HMAC-SHA256 of the raw body (Shopify, Jumpseller, WooCommerce sign this way). */
export function hmacBase64(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/**
 * Delivers webhooks the way platforms do: POST with the raw JSON body and signature headers, again
 * with backoff while the receiver does not answer 2xx, up to `retries` more times.
 */
export class HookSender {
  readonly attempts: HookAttempt[] = [];

  constructor(private readonly options: HookSenderOptions) {}

  /** Resolves with the final status once delivered or given up ("error": never answered). */
  async deliver(url: string, topic: string, payload: unknown): Promise<number | "error"> {
    const body = typeof payload === "string" ? payload : JSON.stringify(payload);
    const retries = this.options.retries ?? 3;
    const backoff = this.options.backoffMs ?? ((n: number) => 50 * 2 ** (n - 1));
    const doFetch = this.options.fetch ?? fetch;
    let last: number | "error" = "error";
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      if (attempt > 1) await new Promise((r) => setTimeout(r, backoff(attempt - 1)));
      try {
        const r = await doFetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...this.options.headers(body, topic) },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
        });
        await r.arrayBuffer();
        last = r.status;
      } catch {
        last = "error";
      }
      this.attempts.push({ url, topic, attempt, status: last, at: Date.now() });
      if (typeof last === "number" && last >= 200 && last < 300) return last;
    }
    return last;
  }
}

// ---------------------------------------------------------------------------------------------
// Faults

export interface FaultSpec {
  status?: number;
  /** How many matching requests (default 1). */
  times?: number;
  /** Only requests whose path starts with this. */
  path?: string;
  /** Never answer (until the client gives up): a platform that hangs. */
  hang?: boolean;
  /** Retry-After on a 429 (default 1). */
  retryAfterS?: number;
}

export class Faults {
  private queue: Array<FaultSpec & { left: number }> = [];

  add(spec: FaultSpec): void {
    this.queue.push({ ...spec, left: spec.times ?? 1 });
  }

  clear(): void {
    this.queue = [];
  }

  /** The fault answer for this request, if one is armed for it (a hang never resolves). */
  take(request: Request): Promise<Response> | undefined {
    const path = new URL(request.url).pathname;
    const f = this.queue.find((q) => q.left > 0 && (!q.path || path.startsWith(q.path)));
    if (!f) return undefined;
    f.left--;
    this.queue = this.queue.filter((q) => q.left > 0);
    if (f.hang) return new Promise<Response>(() => {});
    const status = f.status ?? 500;
    return Promise.resolve(
      status === 429 ? RateWindow.tooMany(f.retryAfterS ?? 1) : json({ error: "emulated_fault", status }, status),
    );
  }

  pending(): number {
    return this.queue.reduce((n, q) => n + q.left, 0);
  }
}

// ---------------------------------------------------------------------------------------------
// An emulator, composed

export interface EmulatorOptions {
  /** The platform's resources; return undefined for "no such route" (404). */
  resources(request: Request, url: URL, body: Buffer): Promise<Response | undefined> | Response | undefined;
  /** What `GET /_state` shows (the resources' state). */
  state?(): unknown;
  /** Issued tokens; when given with `requireToken`, resources get only requests with a valid bearer. */
  tokens?: OAuthTokens;
  /** Paths (prefix) that need a valid bearer token. */
  requireToken?: (url: URL) => boolean;
  /** The emulator's hook sender: `GET /_hooks` lists its delivery attempts. */
  hooks?: HookSender;
  /** Per token (or per client address when none) windows; a full one answers 429 + Retry-After. */
  rateLimits?: RateLimitsSpec;
  /** The 401 body of an expired or unknown token, in the platform's words. */
  unauthorized?: (reason: "unknown" | "expired" | "revoked") => Response;
  now?: () => number;
  port?: number;
}

export interface Emulator {
  url: string;
  faults: Faults;
  rate: RateWindow | undefined;
  tokens: OAuthTokens | undefined;
  /** Every request the resources saw (method and path). */
  requests: Array<{ method: string; path: string }>;
  /** The handler itself (for a client that takes a fetch function). */
  handle: FetchHandler;
  close(): Promise<void>;
}

export async function createEmulator(options: EmulatorOptions): Promise<Emulator> {
  const faults = new Faults();
  const rate = options.rateLimits ? new RateWindow(options.rateLimits, options.now) : undefined;
  const requests: Emulator["requests"] = [];
  const unauthorized =
    options.unauthorized ?? ((reason: string) => json({ error: "invalid_token", message: `token ${reason}` }, 401));

  const handle: FetchHandler = async (request) => {
    const url = new URL(request.url);
    if (url.pathname === "/_state" && request.method === "GET")
      return json({
        state: options.state?.() ?? null,
        tokens: options.tokens?.state() ?? null,
        throttled: rate?.throttled ?? 0,
      });
    if (url.pathname === "/_hooks" && request.method === "GET")
      return json({ attempts: options.hooks?.attempts ?? [] });
    if (url.pathname === "/_faults" && request.method === "POST") {
      const spec = (await request.json()) as FaultSpec;
      faults.add(spec);
      return json({ armed: faults.pending() });
    }
    if (url.pathname === "/_faults" && request.method === "DELETE") {
      faults.clear();
      return json({ armed: 0 });
    }
    if (url.pathname === "/_tokens/expire" && request.method === "POST") {
      options.tokens?.expireAll();
      return json({ ok: true });
    }
    const fault = faults.take(request);
    if (fault) return fault;
    if (options.tokens && options.requireToken?.(url)) {
      const check = options.tokens.checkRequest(request);
      if (!check.ok) return unauthorized(check.reason);
    }
    if (rate) {
      const key = request.headers.get("authorization") ?? "anonymous";
      const wait = rate.take(key);
      if (wait !== undefined) return RateWindow.tooMany(wait);
    }
    requests.push({ method: request.method, path: url.pathname });
    const body = Buffer.from(await request.arrayBuffer());
    const r = await options.resources(request, url, body);
    return r ?? json({ error: "not_found", path: url.pathname }, 404);
  };

  const served = await serveFetch(handle, { ...(options.port !== undefined ? { port: options.port } : {}) });
  return {
    url: served.url,
    faults,
    rate,
    tokens: options.tokens,
    requests,
    handle,
    close: served.close,
  };
}
