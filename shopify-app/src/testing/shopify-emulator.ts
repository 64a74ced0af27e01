import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ShopState } from "./emulator-state.js";
import { GraphqlError, operationCost, resolveOperation, type ResolverContext } from "./graphql-resolver.js";
import { verifySessionToken } from "./session-token.js";

/**
 * A Shopify stand-in for tests and the demo: the GraphQL Admin endpoint
 * (`POST /admin/api/<version>/graphql.json`, X-Shopify-Access-Token) with a cost bucket that answers
 * THROTTLED as HTTP 200 like Shopify does, the OAuth token endpoint (token exchange from a session
 * token, refresh of expiring offline tokens with rotation), bulk operation results, and state for
 * inspection (`GET /_state/orders/<id>`). Which shop a request is for comes from its access token,
 * or, on the token endpoint, from X-Shopify-Shop-Domain (the app sets it when redirecting to here).
 */
export interface ShopifyEmulatorOptions {
  apiKey: string;
  apiSecret: string;
  port?: number;
  host?: string;
  /** The leaky bucket: Standard plan restores 100 points/s. */
  bucket?: { maximumAvailable: number; restoreRate: number };
  /** Offline tokens expire after this long (Shopify: 60 minutes). */
  tokenTtlMs?: number;
  now?: () => number;
}

interface TokenInfo {
  shop: string;
  expiresAt: number;
}

export interface ShopifyEmulator {
  url: string;
  shop(domain: string): ShopState;
  /** Installs the app on a shop: an offline token pair, as token exchange would return. */
  install(domain: string): {
    accessToken: string;
    refreshToken: string;
    expiresAt: Date;
    refreshTokenExpiresAt: Date;
    scope: string;
  };
  setBucket(bucket: { maximumAvailable: number; restoreRate: number; currentlyAvailable?: number }): void;
  /** Every GraphQL request seen: operation name, shop, and whether it was throttled. */
  readonly requests: Array<{ operation: string; shop: string; throttled: boolean; variables: Record<string, unknown> }>;
  readonly tokenRequests: Array<{ grantType: string; shop: string }>;
  /** Makes the next N GraphQL requests fail with this HTTP status (502, 503…). */
  failNext(count: number, status: number): void;
  /** The next N GraphQL requests are carried out, but their answer is lost (this HTTP status instead). */
  loseAnswerNext(count: number, status?: number): void;
  close(): Promise<void>;
}

export async function startShopifyEmulator(options: ShopifyEmulatorOptions): Promise<ShopifyEmulator> {
  const now = options.now ?? Date.now;
  const shops = new Map<string, ShopState>();
  const tokens = new Map<string, TokenInfo>();
  const refreshTokens = new Map<string, TokenInfo>();
  const bulk: ResolverContext["bulk"] = new Map();
  const requests: ShopifyEmulator["requests"] = [];
  const tokenRequests: ShopifyEmulator["tokenRequests"] = [];
  const tokenTtl = options.tokenTtlMs ?? 60 * 60_000;
  let bucket = { maximumAvailable: 1000, restoreRate: 100, ...options.bucket };
  const available = new Map<string, { points: number; at: number }>();
  let failures = { count: 0, status: 503 };
  let lostAnswers = { count: 0, status: 502 };
  let url = "";

  const shop = (domain: string) => {
    let s = shops.get(domain);
    if (!s) shops.set(domain, (s = new ShopState(domain)));
    return s;
  };

  const scope =
    "read_orders,write_orders,read_all_orders,read_products,write_products,read_inventory,write_inventory,read_locations,read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders";
  const issue = (domain: string) => {
    const accessToken = `shpat_${randomBytes(16).toString("hex")}`;
    const refreshToken = `shprt_${randomBytes(16).toString("hex")}`;
    const expiresAt = now() + tokenTtl;
    const refreshExpiresAt = now() + 90 * 24 * 3600_000;
    tokens.set(accessToken, { shop: domain, expiresAt });
    refreshTokens.set(refreshToken, { shop: domain, expiresAt: refreshExpiresAt });
    shop(domain);
    return {
      accessToken,
      refreshToken,
      expiresAt: new Date(expiresAt),
      refreshTokenExpiresAt: new Date(refreshExpiresAt),
      scope,
    };
  };

  const takePoints = (domain: string, cost: number) => {
    const t = now();
    const b = available.get(domain) ?? { points: bucket.maximumAvailable, at: t };
    b.points = Math.min(bucket.maximumAvailable, b.points + ((t - b.at) / 1000) * bucket.restoreRate);
    b.at = t;
    available.set(domain, b);
    const ok = b.points >= cost;
    if (ok) b.points -= cost;
    return {
      ok,
      status: {
        maximumAvailable: bucket.maximumAvailable,
        currentlyAvailable: Math.floor(b.points),
        restoreRate: bucket.restoreRate,
      },
    };
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  async function graphql(req: IncomingMessage, res: ServerResponse, raw: string) {
    const token = String(req.headers["x-shopify-access-token"] ?? "");
    const info = tokens.get(token);
    if (!info || info.expiresAt <= now()) {
      send(res, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
      return;
    }
    if (failures.count > 0) {
      failures.count--;
      send(res, failures.status, { errors: "Service unavailable" });
      return;
    }
    let body: { query?: string; variables?: Record<string, unknown> };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      send(res, 400, { errors: "Invalid JSON" });
      return;
    }
    const query = body.query ?? "";
    const variables = body.variables ?? {};
    const name = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "anonymous";
    const cost = operationCost(name, variables);
    const points = takePoints(info.shop, cost);
    requests.push({ operation: name, shop: info.shop, throttled: !points.ok, variables });
    const extensions = {
      cost: { requestedQueryCost: cost, actualQueryCost: points.ok ? cost : null, throttleStatus: points.status },
    };
    if (!points.ok) {
      // Shopify answers a throttled query with HTTP 200 and an error code, not 429.
      send(res, 200, {
        errors: [
          {
            message: "Throttled",
            extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
          },
        ],
        extensions,
      });
      return;
    }
    try {
      const data = resolveOperation({ shop: shop(info.shop), baseUrl: url, bulk }, name, query, variables);
      if (lostAnswers.count > 0) {
        // Done on the shop's side, but the answer never reaches the app (a cut connection, a 502).
        lostAnswers.count--;
        send(res, lostAnswers.status, { errors: "Bad gateway" });
        return;
      }
      send(res, 200, { data, extensions });
    } catch (e) {
      if (e instanceof GraphqlError) send(res, 200, { errors: [{ message: e.message }], extensions });
      else throw e;
    }
  }

  function accessToken(req: IncomingMessage, res: ServerResponse, raw: string) {
    const params: Record<string, string> = (req.headers["content-type"] ?? "").includes("json")
      ? (JSON.parse(raw) as Record<string, string>)
      : Object.fromEntries(new URLSearchParams(raw));
    const headerShop = String(req.headers["x-shopify-shop-domain"] ?? "");
    if (params.client_id !== options.apiKey || params.client_secret !== options.apiSecret) {
      send(res, 400, { error: "invalid_client", error_description: "Client credentials are invalid" });
      return;
    }
    const grant = params.grant_type ?? "";
    if (grant === "refresh_token") {
      const info = refreshTokens.get(params.refresh_token ?? "");
      tokenRequests.push({ grantType: grant, shop: info?.shop ?? headerShop });
      if (!info || info.expiresAt <= now() || (headerShop && headerShop !== info.shop)) {
        send(res, 400, { error: "invalid_grant", error_description: "refresh token is invalid or expired" });
        return;
      }
      // Rotation: the used refresh token stops working once the new pair exists.
      refreshTokens.delete(params.refresh_token!);
      return send(res, 200, tokenResponse(issue(info.shop)));
    }
    if (grant === "urn:ietf:params:oauth:grant-type:token-exchange") {
      const claims = verifySessionToken(params.subject_token ?? "", options.apiSecret, options.apiKey, new Date(now()));
      const dest = typeof claims?.dest === "string" ? new URL(claims.dest).host : "";
      tokenRequests.push({ grantType: grant, shop: dest });
      if (!claims || (headerShop && headerShop !== dest)) {
        send(res, 400, { error: "invalid_subject_token" });
        return;
      }
      return send(res, 200, tokenResponse(issue(dest)));
    }
    send(res, 400, { error: "unsupported_grant_type" });
  }

  const tokenResponse = (t: ReturnType<typeof issue>) => ({
    access_token: t.accessToken,
    scope: t.scope,
    expires_in: Math.round((t.expiresAt.getTime() - now()) / 1000),
    refresh_token: t.refreshToken,
    refresh_token_expires_in: Math.round((t.refreshTokenExpiresAt.getTime() - now()) / 1000),
  });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const path = new URL(req.url ?? "/", "http://x").pathname;
      Promise.resolve()
        .then(async () => {
          if (req.method === "POST" && /^\/admin\/api\/[\w-]+\/graphql\.json$/.test(path))
            return graphql(req, res, raw);
          if (req.method === "POST" && path === "/admin/oauth/access_token") return accessToken(req, res, raw);
          // The merchant's approval page: approving (or ?decline=1) and back to the app's returnUrl.
          const confirm = /^\/admin\/charges\/([^/]+)\/([^/]+)\/confirm$/.exec(path);
          if (req.method === "GET" && confirm) {
            const sub = shops.get(decodeURIComponent(confirm[1]!))?.answerSubscription(
              confirm[2]!,
              new URL(req.url ?? "/", "http://x").searchParams.get("decline") !== "1",
            );
            if (!sub) return send(res, 404, { errors: "Not Found" });
            const back = new URL(sub.returnUrl);
            back.searchParams.set("charge_id", sub.id);
            res.writeHead(302, { location: back.toString() });
            return void res.end();
          }
          const bulkMatch = /^\/_bulk\/(.+)\.jsonl$/.exec(path);
          if (req.method === "GET" && bulkMatch) {
            const op = bulk.get(decodeURIComponent(bulkMatch[1]!));
            if (!op) return send(res, 404, { error: "not found" });
            res.writeHead(200, { "content-type": "application/jsonl" });
            return void res.end(op.jsonl);
          }
          const orderMatch = /^\/_state\/orders\/([^/]+)$/.exec(path);
          if (req.method === "GET" && orderMatch) {
            const id = decodeURIComponent(orderMatch[1]!).replace(/^gid:\/\/shopify\/Order\//, "");
            for (const s of shops.values()) {
              const snap = s.orderSnapshot(id);
              if (snap) return send(res, 200, { shop: s.domain, ...snap });
            }
            return send(res, 404, { error: `no order ${id}` });
          }
          if (req.method === "GET" && path === "/_state") {
            return send(res, 200, {
              shops: [...shops.values()].map((s) => ({
                domain: s.domain,
                products: s.products.size,
                orders: [...s.orders.keys()],
              })),
              tokenRequests,
            });
          }
          send(res, 404, { errors: "Not Found" });
        })
        .catch((e: unknown) => send(res, 500, { errors: String(e) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    shop,
    install: issue,
    setBucket(b) {
      bucket = { maximumAvailable: b.maximumAvailable, restoreRate: b.restoreRate };
      available.clear();
      if (b.currentlyAvailable !== undefined)
        for (const d of shops.keys()) available.set(d, { points: b.currentlyAvailable, at: now() });
    },
    requests,
    tokenRequests,
    failNext(count, status) {
      failures = { count, status };
    },
    loseAnswerNext(count, status = 502) {
      lostAnswers = { count, status };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
