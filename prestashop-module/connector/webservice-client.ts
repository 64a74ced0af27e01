import { z } from "zod";

/**
 * PrestaShop's webservice (/api): HTTP Basic with the key as user and an empty password, JSON out
 * (`Output-Format: JSON`), XML in (8.1 cannot read JSON bodies). One HTTP request per call, no
 * retries here: callers (the hub's jobs) retry what can be retried, by the error's `retryable`.
 */
export interface WebserviceOptions {
  /** The shop's address, e.g. https://tienda.cl (the webservice is `<url>/api`). */
  shopUrl: string;
  key: string;
  fetch?: typeof fetch;
  /** Waited before each request (the store's rate limiter). */
  beforeRequest?: () => Promise<void>;
  timeoutMs?: number;
}

export type WebserviceErrorKind = "auth" | "not_found" | "rejected" | "unavailable";

export class WebserviceError extends Error {
  constructor(
    readonly kind: WebserviceErrorKind,
    readonly status: number,
    message: string,
    /** What the shop said, for logs (never shown to a buyer). */
    readonly detail: string,
  ) {
    super(message);
    this.name = "WebserviceError";
  }

  /** A network failure, a 5xx or a throttle may pass; a bad key or a refused body will not. */
  get retryable(): boolean {
    return this.kind === "unavailable";
  }
}

export type Query = Record<string, string | number | undefined>;

const ErrorsBody = z.object({ errors: z.array(z.object({ code: z.unknown().optional(), message: z.string() })) });

export class PrestaShopWebservice {
  readonly apiUrl: string;
  private readonly auth: string;
  private readonly doFetch: typeof fetch;

  constructor(private readonly options: WebserviceOptions) {
    this.apiUrl = `${options.shopUrl.replace(/\/+$/, "")}/api`;
    this.auth = `Basic ${Buffer.from(`${options.key}:`).toString("base64")}`;
    this.doFetch = options.fetch ?? fetch;
  }

  /** GET /api/<resource>[/<id>] as JSON; lists come back as `{ <resource>: [...] }`, or `[]` when empty. */
  async get(resource: string, id: string | null, query: Query = {}): Promise<unknown> {
    return this.request("GET", id === null ? resource : `${resource}/${encodeURIComponent(id)}`, query);
  }

  async post(resource: string, xml: string, query: Query = {}): Promise<unknown> {
    return this.request("POST", resource, query, xml);
  }

  /** Only the fields sent change (PATCH exists since 1.7; PUT needs the whole resource). */
  async patch(resource: string, id: string, xml: string, query: Query = {}): Promise<unknown> {
    return this.request("PATCH", `${resource}/${encodeURIComponent(id)}`, query, xml);
  }

  async request(method: string, path: string, query: Query, body?: string): Promise<unknown> {
    await this.options.beforeRequest?.();
    const url = new URL(`${this.apiUrl}/${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    let response: Response;
    try {
      response = await this.doFetch(url, {
        method,
        headers: {
          authorization: this.auth,
          "output-format": "JSON",
          ...(body !== undefined ? { "content-type": "application/xml; charset=utf-8" } : {}),
        },
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (e) {
      throw new WebserviceError(
        "unavailable",
        0,
        "No se pudo conectar con la tienda PrestaShop.",
        `${method} ${url.pathname}: ${(e as Error).message}`,
      );
    }
    const text = await response.text();
    if (response.ok) return text.trim() === "" ? {} : parseJson(text, `${method} ${url.pathname}`);
    throw errorFor(response.status, text, `${method} ${url.pathname}`);
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // PHP notices printed before the JSON (a misconfigured shop) make it unreadable.
    throw new WebserviceError(
      "unavailable",
      200,
      "La tienda respondió algo que no es JSON.",
      `${where}: ${text.slice(0, 300)}`,
    );
  }
}

function shopMessage(text: string): string {
  try {
    const parsed = ErrorsBody.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.errors.map((e) => e.message).join("; ");
  } catch {
    // XML error bodies (before Output-Format applies) carry the message in <message>.
  }
  const m = /<message><!\[CDATA\[([\s\S]*?)\]\]><\/message>/.exec(text);
  return m?.[1] ?? text.slice(0, 300);
}

function errorFor(status: number, text: string, where: string): WebserviceError {
  const detail = `${where}: HTTP ${status} ${shopMessage(text)}`;
  if (status === 401 || status === 403)
    return new WebserviceError(
      "auth",
      status,
      "La clave del webservice de PrestaShop no es válida o no tiene permisos suficientes.",
      detail,
    );
  if (status === 404) return new WebserviceError("not_found", status, "La tienda no tiene ese registro.", detail);
  if (status === 429 || status >= 500)
    return new WebserviceError("unavailable", status, "La tienda PrestaShop no responde por ahora.", detail);
  return new WebserviceError("rejected", status, `La tienda rechazó el cambio: ${shopMessage(text)}`, detail);
}

/** A list response: `{ orders: [...] }`, or `[]` when PrestaShop has nothing to list. */
export function listOf<T>(body: unknown, key: string, item: z.ZodType<T>): T[] {
  if (Array.isArray(body)) return [];
  return z.object({ [key]: z.array(item) }).parse(body)[key] as T[];
}

/** A single resource: `{ order: {...} }`. */
export function oneOf<T>(body: unknown, key: string, schema: z.ZodType<T>): T {
  return z.object({ [key]: schema }).parse(body)[key] as T;
}
