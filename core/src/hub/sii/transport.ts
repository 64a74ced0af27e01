/**
 * HTTP to the SII with a timeout per attempt and retries with exponential backoff and jitter.
 * Only failures that a repeat can cure are retried (network errors, timeouts, HTTP 5xx and 429);
 * every other answer goes back to the caller, who knows what the SII meant by it.
 *
 * An upload is not idempotent: the SII keeps the first copy and answers a second with RPT or
 * STATUS 99. So a request marked `idempotent: false` is repeated only when it certainly never
 * reached the SII (no connection, or a 503/429 refusal); after a timeout or a cut answer the
 * caller gets `sii_delivery_unknown` and must ask the SII what it has before sending again.
 */
import { siiDeliveryUnknown, siiUnreachable } from "./sii-error.js";

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Fraction of each delay that is random (0 = fixed delays, 1 = anywhere from 0 to the delay). */
  jitter: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, jitter: 0.5 };

export interface TransportOptions {
  fetch?: typeof fetch;
  /** Per attempt, body included. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: Buffer;
  /** The body decoded with the charset it declares (ISO-8859-1 or UTF-8). */
  text(): string;
}

export interface HttpRequest {
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string | FormData;
  /** false for uploads: never repeated once the SII may have received them (default true). */
  idempotent?: boolean;
}

/** Errors raised before a single byte could have reached the server. */
const NEVER_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

function neverConnected(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string; errors?: Array<{ code?: string }> } };
  const codes = [err?.code, err?.cause?.code, ...(err?.cause?.errors ?? []).map((x) => x.code)];
  return codes.some((c) => c !== undefined && NEVER_CONNECTED.has(c));
}

/**
 * Some SII front ends answer 401 to clients without a browser-like User-Agent
 * (public client notes); libredte sends one too.
 */
const USER_AGENT = "Mozilla/5.0 (compatible; Timbre; +https://timbre.cl)";

export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential * (1 - policy.jitter + policy.jitter * random()));
}

function decode(body: Buffer, contentType: string): string {
  const head = body.subarray(0, 100).toString("latin1");
  const declared =
    /charset=([\w-]+)/i.exec(contentType)?.[1] ?? /encoding=["']([\w-]+)["']/i.exec(head)?.[1] ?? "utf-8";
  return /^(iso-8859-1|latin1|windows-1252)$/i.test(declared) ? body.toString("latin1") : body.toString("utf8");
}

function retryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/** Statuses by which a server refuses a request without processing it (overloaded, throttled). */
function refusedUnprocessed(status: number): boolean {
  return status === 503 || status === 429;
}

export interface Transport {
  /** `what` names the step in errors ("CrSeed getSeed", "DTEUpload"…). */
  request(what: string, url: string, init: HttpRequest): Promise<HttpAnswer>;
}

export function createTransport(options: TransportOptions = {}): Transport {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;

  async function once(url: string, init: HttpRequest): Promise<HttpAnswer> {
    const res = await doFetch(url, {
      method: init.method,
      headers: { "User-Agent": USER_AGENT, ...init.headers },
      ...(init.body === undefined ? {} : { body: init.body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get("content-type") ?? "";
    return { status: res.status, contentType, body, text: () => decode(body, contentType) };
  }

  return {
    async request(what, url, init) {
      const idempotent = init.idempotent !== false;
      let lastProblem = "";
      let lastCause: unknown;
      for (let attempt = 1; attempt <= policy.attempts; attempt++) {
        try {
          const answer = await once(url, init);
          if (!retryableStatus(answer.status)) return answer;
          lastProblem = `HTTP ${answer.status}: ${answer.text().slice(0, 200)}`;
          lastCause = undefined;
          if (!idempotent && !refusedUnprocessed(answer.status))
            throw siiDeliveryUnknown(what, `${init.method} ${url}: ${lastProblem}`);
        } catch (e) {
          if (e instanceof Error && e.name === "SiiError") throw e;
          const err = e as Error & { cause?: { code?: string } };
          lastProblem =
            err.name === "TimeoutError"
              ? `timed out after ${timeoutMs} ms`
              : `${err.message}${err.cause?.code ? ` (${err.cause.code})` : ""}`;
          lastCause = e;
          if (!idempotent && !neverConnected(e))
            throw siiDeliveryUnknown(what, `${init.method} ${url}: ${lastProblem}`, e);
        }
        if (attempt < policy.attempts) await sleep(backoffDelay(attempt, policy, random));
      }
      throw siiUnreachable(
        what,
        `${init.method} ${url} failed ${policy.attempts} time(s); last: ${lastProblem}`,
        lastCause,
      );
    },
  };
}
