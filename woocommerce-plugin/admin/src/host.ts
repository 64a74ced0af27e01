/**
 * How the admin app reaches the hub from the platform it is mounted in. Each host (the WordPress
 * plugin, PrestaShop's module, Magento's module, the hub's own page) renders a container and sets
 * `window.timbreAdminHost` before loading timbre-admin.js; the app never holds the store secret:
 * `apiBase` is a server-side proxy of the host that authenticates the admin user its own way
 * (WordPress cookie + X-WP-Nonce, PrestaShop employee token, Magento admin form key, a hub admin
 * session) and signs each request to the sync API with the store's secret. See admin/README.md.
 */
export interface HostConfig {
  /** "woocommerce" | "prestashop" | "magento" | "mercadolibre" | … (only shown in support info). */
  host: string;
  /** Proxy base; the app appends sync-API paths without /api/v1/ ("orders?limit=50"). Ends with "/". */
  apiBase: string;
  /** Sent on every call (the host's CSRF token). */
  headers?: Record<string, string>;
  /** Prefix to which a document file name ("<id>.pdf") is appended to open it through the host. */
  documentUrl?: string;
  /** Element id to mount into; default "timbre-admin". */
  mount?: string;
  /** Cookies the proxy needs: "include" for a proxy on another origin, default "same-origin". */
  credentials?: RequestCredentials;
}

export class HubError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: Array<{ field: string; message: string }> = [],
  ) {
    super(message);
  }
}

export interface Hub {
  get<T>(path: string): Promise<T>;
  send<T>(method: "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T>;
  documentHref(file: string): string | null;
}

interface ErrorBody {
  error?: { message?: string; fields?: Array<{ field: string; message: string }> };
  message?: string;
}

/** The hub as seen through the host's proxy; errors carry the hub's Spanish message. */
export function hubClient(config: HostConfig, fetchImpl: typeof fetch = fetch): Hub {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetchImpl(config.apiBase + path.replace(/^\/+/, ""), {
        method,
        credentials: config.credentials ?? "same-origin",
        headers: {
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          ...config.headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new HubError("No se pudo contactar a Timbre. Revisa tu conexión e inténtalo de nuevo.", 0);
    }
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const e = (json ?? {}) as ErrorBody;
      throw new HubError(
        e.error?.message ?? e.message ?? `Timbre respondió con un error (${response.status}).`,
        response.status,
        e.error?.fields ?? [],
      );
    }
    return json as T;
  }
  return {
    get: (path) => call("GET", path),
    send: (method, path, body) => call(method, path, body ?? {}),
    documentHref: (file) => (config.documentUrl ? config.documentUrl + encodeURIComponent(file) : null),
  };
}

declare global {
  interface Window {
    timbreAdminHost?: HostConfig;
  }
}
