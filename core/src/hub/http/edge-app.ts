import { randomUUID } from "node:crypto";
import { Hono, type Context } from "hono";
import { errorResponse } from "../api/http.js";
import { logger, withLogContext } from "../logging/logger.js";
import { BODY_LIMITS, boundedRequest, payloadTooLarge } from "./body-limit.js";
import { CLIENT_ADDRESS_HEADER, withClientAddress } from "./client-address.js";
import { frameAncestors } from "./frame-ancestors.js";
import { jsonDepth, MAX_JSON_DEPTH } from "./safe-json.js";

export type FetchHandler = (request: Request) => Promise<Response> | Response;

/** A platform's routes: everything under `prefix` (e.g. /jumpseller, /webhooks/shopify). */
export interface PlatformRoute {
  prefix: string;
  handle: FetchHandler;
  /** Bytes a body may have (default: a webhook's). */
  bodyLimit?: number;
}

export interface EdgeAppOptions {
  /** The sync API (/api/v1). */
  api: FetchHandler;
  /** The courier web app (/courier). */
  courierApp: FetchHandler;
  platforms?: PlatformRoute[];
  /** Whatever no route above claims (the Remix app: embedded admin, landing page). */
  fallback?: FetchHandler;
  /** Trust the first X-Forwarded-For hop as the client address (behind a known proxy). */
  trustProxy?: boolean;
}

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

/**
 * The hub's one HTTP router, as a `Request → Response` function: the sync API, the courier app,
 * every platform's routes, then the Remix app for the rest. Every request gets a request id (in
 * its log lines and the `x-request-id` answer header), a trusted client address, and a bound on
 * its body before anything reads it.
 */
export function createEdgeApp(options: EdgeAppOptions): Hono<{ Bindings: NodeBindings }> {
  const app = new Hono<{ Bindings: NodeBindings }>();

  app.use(async (c, next) => {
    const given = c.req.header("x-request-id");
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    const started = performance.now();
    await withLogContext({ requestId }, async () => {
      // Whatever the client sent as its own address is replaced by what the socket says.
      const headers = new Headers(c.req.raw.headers);
      headers.delete(CLIENT_ADDRESS_HEADER);
      c.req.raw = withClientAddress(
        new Request(c.req.raw, { headers }),
        c.env?.incoming?.socket?.remoteAddress,
        options.trustProxy ?? false,
      );
      await next();
      c.res.headers.set("x-request-id", requestId);
      const ms = Math.round(performance.now() - started);
      logger.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms }, "request");
    });
  });
  app.onError((e) => errorResponse(e));

  const pass = (handler: FetchHandler, limit: number) => async (c: Context) =>
    handler(await boundedRequest(c.req.raw, limit));

  // A body declared over the route's bound is refused before anything else, credentials included.
  const declared = (handler: FetchHandler, limit: number) => (c: Context) =>
    Number(c.req.header("content-length") ?? 0) > limit ? errorResponse(payloadTooLarge(limit)) : handler(c.req.raw);
  // The sync API bounds, authenticates and parses each body itself (handler.ts), in that order.
  app.all("/api/v1", declared(options.api, BODY_LIMITS.api));
  app.all("/api/v1/*", declared(options.api, BODY_LIMITS.api));
  app.all("/courier", declared(options.courierApp, BODY_LIMITS.courierUpload));
  app.all("/courier/*", declared(options.courierApp, BODY_LIMITS.courierUpload));
  for (const p of options.platforms ?? []) {
    const limit = p.bodyLimit ?? BODY_LIMITS.webhook;
    const handler: FetchHandler = async (request) => {
      // A body no platform would send is refused before the platform's code reads or verifies it.
      if (request.method !== "GET" && (request.headers.get("content-type") ?? "").includes("json")) {
        const text = await request.clone().text();
        if (jsonDepth(text) > MAX_JSON_DEPTH) return tooDeep();
      }
      return p.handle(request);
    };
    app.all(p.prefix, pass(handler, limit));
    app.all(`${p.prefix}/*`, pass(handler, limit));
  }
  const fallback = options.fallback;
  app.all("*", async (c) => {
    if (!fallback) return new Response("Not found", { status: 404 });
    const res = await fallback(await boundedRequest(c.req.raw, BODY_LIMITS.other));
    return frameAncestors(c.req.raw, res);
  });
  return app;
}

function tooDeep(): Response {
  return Response.json(
    {
      error: {
        code: "invalid_json",
        message: `El JSON está anidado a más de ${MAX_JSON_DEPTH} niveles.`,
        messageEn: `The JSON is nested deeper than ${MAX_JSON_DEPTH} levels.`,
      },
    },
    { status: 400 },
  );
}
