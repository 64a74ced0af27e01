import { PlatformThrottledError, TimbreError } from "@timbre/core/platform-parts";

/**
 * WooCommerce REST API v3 (`<shop>/wp-json/wc/v3`). Keys go as HTTP Basic (WooCommerce accepts them
 * over HTTPS), or as `consumer_key`/`consumer_secret` query parameters for hosts that strip the
 * Authorization header ("Consumer key is missing"). One call is one HTTP request: pacing and
 * retries belong to the hub (paced-port.ts, the job queue).
 */
export interface WooCredentials {
  consumerKey: string;
  consumerSecret: string;
}

export interface WooClientOptions {
  /** The shop's address (https://tienda.cl); the REST base is derived from it. */
  url: string;
  credentials: () => Promise<WooCredentials>;
  /** Send the keys in the query string instead of the Authorization header. */
  queryStringAuth?: boolean;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface WooResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface WooClient {
  readonly restBase: string;
  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<WooResponse<T>>;
  send<T>(method: "POST" | "PUT" | "DELETE", path: string, body: unknown): Promise<WooResponse<T>>;
}

/** The shop could not be read or written; `retryable` says whether trying later can help. */
export class WooRequestError extends TimbreError {
  constructor(
    readonly status: number,
    retryable: boolean,
    message: { es: string; en: string },
    detail: string,
  ) {
    super("woocommerce.request_failed", message, {
      kind: status === 401 || status === 403 ? "unauthorized" : "upstream",
      detail,
      retryable,
    });
  }
}

export function restBaseOf(url: string): string {
  return `${url.replace(/\/+$/, "")}/wp-json/wc/v3`;
}

export function createWooClient(options: WooClientOptions): WooClient {
  const restBase = restBaseOf(options.url);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function request<T>(
    method: string,
    path: string,
    query: Record<string, string | number | undefined>,
    body?: unknown,
  ) {
    const creds = await options.credentials();
    const url = new URL(restBase + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: "application/json" };
    if (options.queryStringAuth) {
      url.searchParams.set("consumer_key", creds.consumerKey);
      url.searchParams.set("consumer_secret", creds.consumerSecret);
    } else {
      headers.authorization = `Basic ${Buffer.from(`${creds.consumerKey}:${creds.consumerSecret}`).toString("base64")}`;
    }
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (e) {
      throw new WooRequestError(
        0,
        true,
        { es: "No se pudo contactar la tienda WooCommerce.", en: "Could not reach the WooCommerce shop." },
        `${method} ${path}: ${(e as Error).message}`,
      );
    }
    const text = await response.text();
    if (response.status === 429) {
      const after = Number(response.headers.get("retry-after"));
      throw new PlatformThrottledError(Number.isFinite(after) && after > 0 ? after * 1000 : 5_000);
    }
    if (response.status >= 300) {
      throw failure(method, path, response.status, text);
    }
    let parsed: unknown;
    try {
      parsed = text === "" ? null : JSON.parse(text);
    } catch {
      throw new WooRequestError(
        response.status,
        true,
        {
          es: "La tienda respondió algo que no es JSON (¿enlaces permanentes desactivados?).",
          en: "The shop answered non-JSON (pretty permalinks off?).",
        },
        `${method} ${path}: ${text.slice(0, 200)}`,
      );
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  return {
    restBase,
    get: (path, query = {}) => request("GET", path, query),
    send: (method, path, body) => request(method, path, {}, body),
  };
}

function failure(method: string, path: string, status: number, text: string): WooRequestError {
  let code = "";
  try {
    code = String((JSON.parse(text) as { code?: unknown }).code ?? "");
  } catch {
    code = "";
  }
  const detail = `${method} ${path}: HTTP ${status} ${code} ${text.slice(0, 300)}`;
  if (status === 401 || status === 403) {
    return new WooRequestError(
      status,
      false,
      {
        es: "WooCommerce rechazó las claves de la API REST: vuelve a conectar la tienda con Timbre.",
        en: "WooCommerce refused the REST API keys: connect the shop to Timbre again.",
      },
      detail,
    );
  }
  if (status === 404) {
    return new WooRequestError(status, false, { es: "No existe en la tienda.", en: "Not found in the shop." }, detail);
  }
  if (status >= 300 && status < 400) {
    return new WooRequestError(
      status,
      false,
      {
        es: "La tienda redirige la API REST: revisa la dirección (https, www) con que se conectó.",
        en: "The shop redirects the REST API: check the address (https, www) it was connected with.",
      },
      detail,
    );
  }
  return new WooRequestError(
    status,
    status >= 500 || status === 408,
    { es: "La tienda WooCommerce respondió con un error.", en: "The WooCommerce shop answered with an error." },
    detail,
  );
}
