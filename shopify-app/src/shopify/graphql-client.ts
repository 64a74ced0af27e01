import { PlatformThrottledError, TimbreError } from "@timbre/core/platform-parts";
import { z } from "zod";
import { SHOPIFY_API_VERSION } from "./config.js";

/**
 * GraphQL Admin client for one shop. Shopify limits by calculated query cost (a leaky bucket per
 * app and shop) and reports the bucket in `extensions.cost.throttleStatus`; a throttled query comes
 * back as HTTP 200 with `errors[].extensions.code == "THROTTLED"`, not 429 (research/platforms.md §1.6).
 *
 * - `once()` makes exactly one request and throws PlatformThrottledError (with how long to wait) when
 *   throttled: what the catalog port needs, since the hub paces and retries it.
 * - `request()` is for jobs: it waits for the bucket before sending when the last answer said it is
 *   low, retries throttles and 5xx/network failures with backoff, and refreshes the token once on 401.
 */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface ShopifyClientOptions {
  shop: string;
  /** https://<shop>, or the emulator. */
  origin: string;
  apiVersion?: string;
  /** The current offline token; `force` after a 401 asks for a refreshed one. */
  accessToken(force?: boolean): Promise<string>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export class ShopifyApiError extends TimbreError {
  constructor(
    detail: string,
    readonly status: number,
    retryable: boolean,
  ) {
    super(
      "shopify.api",
      {
        es: `Shopify respondió con un error (${status}). Reintentaremos si corresponde.`,
        en: `Shopify answered with an error (${status}).`,
      },
      { kind: "upstream", detail, retryable },
    );
  }
}

const Cost = z
  .object({
    requestedQueryCost: z.number().nullish(),
    actualQueryCost: z.number().nullish(),
    throttleStatus: z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() }),
  })
  .partial({ requestedQueryCost: true, actualQueryCost: true });

const Envelope = z.object({
  data: z.unknown().optional(),
  errors: z
    .union([
      z.string(),
      z.array(
        z
          .object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).loose().optional() })
          .loose(),
      ),
    ])
    .optional(),
  extensions: z.object({ cost: Cost.optional() }).loose().optional(),
});

export class ShopifyGraphqlClient {
  /** The bucket as the last answer described it, and when. */
  throttle: { status: ThrottleStatus; at: number } | undefined;
  requests = 0;
  private readonly endpoint: string;
  private readonly doFetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: ShopifyClientOptions) {
    this.endpoint = `${options.origin}/admin/api/${options.apiVersion ?? SHOPIFY_API_VERSION}/graphql.json`;
    this.doFetch = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
  }

  get shop(): string {
    return this.options.shop;
  }

  /** One request. Throws PlatformThrottledError when Shopify says THROTTLED. */
  async once<T>(query: string, variables: Record<string, unknown> = {}, forceToken = false): Promise<T> {
    const token = await this.options.accessToken(forceToken);
    this.requests++;
    let res: Response;
    try {
      res = await this.doFetch(this.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", "x-shopify-access-token": token },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      throw new ShopifyApiError(`network: ${String(e)}`, 0, true);
    }
    const text = await res.text();
    if (res.status === 401) throw new ShopifyApiError(`401 ${text.slice(0, 200)}`, 401, false);
    if (res.status === 429) throw new PlatformThrottledError(Number(res.headers.get("retry-after") ?? "1") * 1000);
    if (res.status >= 500) throw new ShopifyApiError(`${res.status} ${text.slice(0, 200)}`, res.status, true);
    let parsed: z.infer<typeof Envelope>;
    try {
      parsed = Envelope.parse(JSON.parse(text));
    } catch {
      throw new ShopifyApiError(`${res.status}: not a GraphQL answer: ${text.slice(0, 200)}`, res.status, false);
    }
    const cost = parsed.extensions?.cost;
    if (cost) this.throttle = { status: cost.throttleStatus, at: this.now() };
    if (Array.isArray(parsed.errors) && parsed.errors.some((e) => e.extensions?.code === "THROTTLED")) {
      const s = cost?.throttleStatus;
      const needed = (cost?.requestedQueryCost ?? 50) - (s?.currentlyAvailable ?? 0);
      const wait = s && s.restoreRate > 0 ? Math.ceil((Math.max(needed, 1) / s.restoreRate) * 1000) : 1000;
      throw new PlatformThrottledError(wait);
    }
    if (!res.ok || parsed.errors) {
      const message =
        typeof parsed.errors === "string" ? parsed.errors : (parsed.errors ?? []).map((e) => e.message).join("; ");
      throw new ShopifyApiError(`${res.status}: ${message || text.slice(0, 200)}`, res.status, false);
    }
    return parsed.data as T;
  }

  /** For jobs: paces on the bucket, retries throttles and transient failures, refreshes the token once. */
  async request<T>(
    query: string,
    variables: Record<string, unknown> = {},
    options: { attempts?: number; expectedCost?: number } = {},
  ): Promise<T> {
    const attempts = options.attempts ?? 6;
    let forceToken = false;
    for (let attempt = 1; ; attempt++) {
      await this.waitForBucket(options.expectedCost ?? 20);
      try {
        return await this.once<T>(query, variables, forceToken);
      } catch (e) {
        if (attempt >= attempts) throw e;
        if (e instanceof PlatformThrottledError) {
          await this.sleep(e.retryAfterMs);
        } else if (e instanceof ShopifyApiError && e.status === 401 && !forceToken) {
          forceToken = true;
        } else if (e instanceof ShopifyApiError && e.retryable) {
          await this.sleep(Math.min(30_000, 250 * 2 ** (attempt - 1)));
        } else {
          throw e;
        }
      }
    }
  }

  /** Waits until the bucket, as last reported and refilled since, holds `cost` points. */
  private async waitForBucket(cost: number): Promise<void> {
    if (!this.throttle) return;
    const { status, at } = this.throttle;
    const refilled = Math.min(
      status.maximumAvailable,
      status.currentlyAvailable + ((this.now() - at) / 1000) * status.restoreRate,
    );
    const need = Math.min(cost, status.maximumAvailable);
    if (refilled >= need || status.restoreRate <= 0) return;
    await this.sleep(Math.ceil(((need - refilled) / status.restoreRate) * 1000));
  }
}
