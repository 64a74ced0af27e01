import { PlatformThrottledError, TimbreError } from "@timbre/core/platform-parts";

/** A refused or failed Jumpseller call; `status` 0 means the request never got an answer. */
export class JumpsellerApiError extends TimbreError {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    message: string,
  ) {
    super(
      status === 404
        ? "jumpseller.not_found"
        : status === 401 || status === 403
          ? "jumpseller.unauthorized"
          : "jumpseller.api_error",
      status === 401 || status === 403
        ? {
            es: "Jumpseller rechazó el acceso de Timbre. Reinstale la aplicación desde la tienda de aplicaciones de Jumpseller.",
            en: "Jumpseller refused Timbre's access. Reinstall the app from the Jumpseller App Store.",
          }
        : {
            es: `Jumpseller respondió ${status || "sin respuesta"} a ${method} ${path}: ${message}`,
            en: `Jumpseller answered ${status || "nothing"} to ${method} ${path}: ${message}`,
          },
      {
        // 404 and auth failures will not heal by retrying; 5xx, 422 from a race, timeouts may.
        kind:
          status === 404
            ? "not_found"
            : status === 401 || status === 403
              ? "unauthorized"
              : status === 422
                ? "invalid_input"
                : "upstream",
        detail: `${method} ${path} → ${status}: ${message}`,
      },
    );
  }
}

export interface JumpsellerClientOptions {
  /** e.g. https://api.jumpseller.com/v1 */
  apiUrl: string;
  /** A valid access token (refreshed by the caller before it expires). */
  accessToken: () => Promise<string>;
  /** Called once when Jumpseller answers 401 anyway (token revoked or clock skew); returns a new token. */
  refreshToken?: () => Promise<string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Paces every request to the store (all of the app's traffic shares Jumpseller's per-store budget). */
  limiter?: { acquire(): Promise<void>; pause(ms: number): void };
}

export interface JumpsellerClient {
  get<T = unknown>(path: string, query?: Record<string, string | number | string[]>): Promise<T>;
  post<T = unknown>(path: string, body: unknown): Promise<T>;
  put<T = unknown>(path: string, body: unknown): Promise<T>;
  del(path: string): Promise<void>;
  /** Requests sent, throttled ones included. */
  readonly requests: number;
}

/**
 * One HTTP request per call, never a sleep: a 429 becomes PlatformThrottledError with the wait the
 * rate-limit headers imply, and the hub's pacer (or the job's retry) decides when to try again.
 * Paths are given without the `.json` suffix Jumpseller needs on every path.
 */
export function createJumpsellerClient(o: JumpsellerClientOptions): JumpsellerClient {
  const doFetch = o.fetch ?? fetch;
  let requests = 0;
  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    query?: Record<string, string | number | string[]>,
  ): Promise<T> {
    const url = new URL(`${o.apiUrl}${path}.json`);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (Array.isArray(v)) for (const x of v) url.searchParams.append(k, x);
      else url.searchParams.set(k, String(v));
    }
    for (let attempt = 0; ; attempt++) {
      const token = attempt === 0 ? await o.accessToken() : await o.refreshToken!();
      await o.limiter?.acquire();
      requests++;
      let res: Response;
      try {
        res = await doFetch(url, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/json",
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(o.timeoutMs ?? 20_000),
        });
      } catch (e) {
        throw new JumpsellerApiError(0, method, path, String((e as Error)?.message ?? e));
      }
      const text = await res.text();
      if (res.status === 429) {
        const wait = retryAfterMs(res.headers);
        o.limiter?.pause(wait);
        throw new PlatformThrottledError(wait);
      }
      if (res.status === 401 && attempt === 0 && o.refreshToken) continue;
      if (!res.ok) throw new JumpsellerApiError(res.status, method, path, messageOf(text));
      if (!text) return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        // DELETE answers a bare "OK" string in the spec.
        return text as T;
      }
    }
  }
  return {
    get: (path, query) => call("GET", path, undefined, query),
    post: (path, body) => call("POST", path, body),
    put: (path, body) => call("PUT", path, body),
    del: async (path) => {
      await call("DELETE", path);
    },
    get requests() {
      return requests;
    },
  };
}

/** The per-minute budget ran out: wait for the minute window; otherwise the second. */
export function retryAfterMs(h: Headers): number {
  const retry = Number(h.get("retry-after"));
  if (Number.isFinite(retry) && retry > 0) return retry * 1000;
  const banned = h.get("jumpseller-bannedbyratelimit-reset");
  if (banned) {
    const until = Date.parse(banned);
    if (Number.isFinite(until)) return Math.max(1_000, until - Date.now());
  }
  if (h.get("jumpseller-perminuteratelimit-remaining") === "0") return 60_000;
  return 1_000;
}

function messageOf(text: string): string {
  try {
    const j = JSON.parse(text) as { message?: unknown; error?: unknown };
    return String(j.message ?? j.error ?? text).slice(0, 300);
  } catch {
    return text.slice(0, 300);
  }
}
