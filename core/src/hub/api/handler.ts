import { z } from "zod";
import { errorResponse, json, notFound } from "./http.js";
import { openApiDocument } from "./openapi.js";
import { compileRoutes, type Route } from "./router.js";
import { TimbreError } from "../../errors.js";

export type ApiHandler = (request: Request) => Promise<Response>;

/**
 * The sync API as a framework-free `Request → Response` function: the Remix resource route, tests
 * and any other server mount the same thing.
 */
export function createApiHandler(routes: Route[], options: { version: string }): ApiHandler {
  const all: Route[] = [
    {
      method: "GET",
      path: "/api/v1/openapi.json",
      doc: {
        summary: "This OpenAPI document",
        auth: "none",
        responses: { 200: { description: "OpenAPI 3.0 document", schema: z.record(z.string(), z.unknown()) } },
      },
      handler: async () => json(document),
    },
    ...routes,
  ];
  const document = openApiDocument(all, options.version);
  const match = compileRoutes(all);
  return async (request) => {
    const url = new URL(request.url);
    try {
      const found = match(request.method, url.pathname.replace(/\/+$/, "") || "/");
      if (found === undefined) throw notFound({ es: "Ruta desconocida en la API.", en: "Unknown API route." });
      if (found === "method_not_allowed") {
        throw new TimbreError(
          "method_not_allowed",
          { es: "Método no permitido.", en: "Method not allowed." },
          { kind: "method_not_allowed" },
        );
      }
      return await found.route.handler({ request, url, params: found.params });
    } catch (e) {
      return errorResponse(e);
    }
  };
}
