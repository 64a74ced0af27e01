import { OpenAPIHono, z } from "@hono/zod-openapi";
import { TimbreError } from "../../errors.js";
import { validate } from "../../validation.js";
import type { Db } from "../db/prisma-client.js";
import { BODY_LIMITS, readLimited } from "../http/body-limit.js";
import { parseJsonBody } from "../http/safe-json.js";
import type { Encryptor } from "../secrets/encryptor.js";
import { apiRoute, type ApiRoute } from "./define-route.js";
import { errorResponse, json, notFound } from "./http.js";
import { documentInfo, registerDocs } from "./openapi.js";
import { authenticateStore } from "./store-auth.js";

export type ApiHandler = (request: Request) => Promise<Response>;

export interface ApiDeps {
  db: Db;
  encryptor: Encryptor;
  version: string;
}

const OpenApiDocumentSchema = z
  .object({
    openapi: z.string(),
    info: z.object({ title: z.string(), version: z.string(), description: z.string() }),
    paths: z.record(z.string(), z.record(z.string(), z.object({ summary: z.string() }).passthrough())),
  })
  .passthrough()
  .openapi({
    example: { openapi: "3.0.3", info: { title: "Timbre sync API", version: "0.1.0", description: "…" }, paths: {} },
  });

const utf8 = new TextDecoder();

/**
 * The sync API on Hono: each route's definition both documents it and drives its checks, in this
 * order — body bounded (413 before it is all read), store authenticated (signature over the raw
 * bytes), then JSON parsed at the edge (depth, NUL, lone surrogates) and validated with zod (400
 * naming each field, Spanish first), then the use case.
 */
export function createApiApp(routes: ApiRoute[], deps: ApiDeps): OpenAPIHono {
  const app = new OpenAPIHono({ strict: false });
  const all: ApiRoute[] = [
    apiRoute({
      method: "GET",
      path: "/api/v1/openapi.json",
      summary: "This OpenAPI document",
      tags: ["meta"],
      auth: "none",
      responses: { 200: { description: "OpenAPI 3.0 document", schema: OpenApiDocumentSchema } },
      handler: () => json(document),
    }),
    ...routes,
  ];
  registerDocs(app, all);
  const document = app.getOpenAPIDocument(documentInfo(deps.version));

  for (const r of all) {
    app.on(r.method, r.path, async (c) => {
      const request = c.req.raw;
      const url = new URL(request.url);
      const write = r.method !== "GET";
      const bytes = write ? await readLimited(request, BODY_LIMITS.api) : undefined;
      const store = r.auth === "store" ? await authenticateStore(deps.db, deps.encryptor, request, bytes) : undefined;
      const body = r.body ? validate(r.body, parseJsonBody(utf8.decode(bytes))) : undefined;
      const query = r.query ? validate(r.query, Object.fromEntries(url.searchParams), "query") : undefined;
      const params = c.req.param() as Record<string, string>;
      if (r.params) validate(r.params, params, "query");
      return r.serve({ request, url, params, body, query, store });
    });
  }

  const paths = all.map((r) => new RegExp(`^${r.path.replace(/:[A-Za-z0-9_]+/g, "[^/]+").replace(/\./g, "\\.")}/?$`));
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    if (paths.some((p) => p.test(path))) {
      return errorResponse(
        new TimbreError(
          "method_not_allowed",
          { es: "Método no permitido.", en: "Method not allowed." },
          { kind: "method_not_allowed" },
        ),
      );
    }
    return errorResponse(notFound({ es: "Ruta desconocida en la API.", en: "Unknown API route." }));
  });
  app.onError((e) => errorResponse(e));
  return app;
}

/** The same app as a framework-free `Request → Response` function (tests, other mounts). */
export function createApiHandler(routes: ApiRoute[], deps: ApiDeps): ApiHandler {
  const app = createApiApp(routes, deps);
  return async (request) => app.fetch(request);
}
