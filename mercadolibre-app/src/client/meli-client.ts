import { PlatformThrottledError } from "@timbre/core/platform-parts";
import { parseJsonKeepingIds } from "./json.js";
import { MeliApiError, type MeliErrorBody } from "./meli-error.js";

export interface MeliRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as multipart/form-data (fetch sets the boundary). */
  form?: FormData;
  headers?: Record<string, string>;
  /** Statuses answered as a response instead of thrown (a 409 the caller handles, a 404 that means "none"). */
  expect?: readonly number[];
}

export interface MeliResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface MeliClientOptions {
  /** e.g. https://api.mercadolibre.com */
  apiUrl: string;
  /** A valid access token (the caller refreshes it before it expires). */
  accessToken: () => Promise<string>;
  /** Called once when ML answers 401 anyway (revoked early, clock skew); returns a new token. */
  refreshToken?: () => Promise<string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Paces every request to one seller. */
  limiter?: { acquire(): Promise<void>; pause(ms: number): void };
}

export interface MeliClient {
  request<T = unknown>(r: MeliRequest): Promise<MeliResponse<T>>;
  get<T = unknown>(path: string, query?: MeliRequest["query"], headers?: Record<string, string>): Promise<T>;
  /** Requests sent, throttled ones included. */
  readonly requests: number;
}

/**
 * A thin typed `fetch` client (the official Node SDK is deprecated and not functional). One HTTP
 * request per call and never a sleep: a 429 becomes PlatformThrottledError and the caller's pacer
 * or job retry decides when to try again.
 */
export function createMeliClient(o: MeliClientOptions): MeliClient {
  const doFetch = o.fetch ?? fetch;
  let requests = 0;

  async function request<T>(r: MeliRequest): Promise<MeliResponse<T>> {
    const url = new URL(`${o.apiUrl}${r.path}`);
    for (const [k, v] of Object.entries(r.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    for (let attempt = 0; ; attempt++) {
      const token = attempt === 0 ? await o.accessToken() : await o.refreshToken!();
      await o.limiter?.acquire();
      requests++;
      let res: Response;
      try {
        res = await doFetch(url, {
          method: r.method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/json",
            ...(r.json === undefined ? {} : { "content-type": "application/json" }),
            ...r.headers,
          },
          ...(r.json !== undefined ? { body: JSON.stringify(r.json) } : r.form ? { body: r.form } : {}),
          signal: AbortSignal.timeout(o.timeoutMs ?? 20_000),
        });
      } catch (e) {
        throw new MeliApiError(0, r.method, r.path, { message: String((e as Error)?.message ?? e) });
      }
      const text = await res.text();
      if (res.status === 429) {
        const wait = retryAfterMs(res.headers);
        o.limiter?.pause(wait);
        throw new PlatformThrottledError(wait);
      }
      if (res.status === 401 && attempt === 0 && o.refreshToken) continue;
      const body = parseBody(text);
      if (!res.ok && !r.expect?.includes(res.status)) {
        throw new MeliApiError(res.status, r.method, r.path, errorBody(body, text));
      }
      return { status: res.status, headers: res.headers, body: body as T };
    }
  }

  return {
    request,
    get: async (path, query, headers) =>
      (await request({ method: "GET", path, ...(query ? { query } : {}), ...(headers ? { headers } : {}) }))
        .body as never,
    get requests() {
      return requests;
    },
  };
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return parseJsonKeepingIds(text);
  } catch {
    return text;
  }
}

function errorBody(body: unknown, text: string): MeliErrorBody {
  if (body && typeof body === "object") return body as MeliErrorBody;
  return { message: text.slice(0, 300) };
}

/**
 * ML publishes no numbers for its limits and asks for backoff with jitter (research A6): honour
 * Retry-After when it comes, otherwise wait two to three seconds.
 */
export function retryAfterMs(h: Headers): number {
  const retry = Number(h.get("retry-after"));
  if (Number.isFinite(retry) && retry > 0) return retry * 1000;
  return 2_000 + Math.floor(Math.random() * 1_000);
}
