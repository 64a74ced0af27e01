import { z } from "zod";
import type { Route } from "./router.js";

const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().describe("Spanish (es-CL) message for the merchant"),
    messageEn: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});

function schemaOf(s: z.ZodType): unknown {
  return z.toJSONSchema(s, { target: "openapi-3.0", unrepresentable: "any", io: "input" });
}

/** The OpenAPI 3.0 document of the sync API, built from the same route table that serves it. */
export function openApiDocument(routes: Route[], version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const parameters: unknown[] = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    if (r.doc.query) {
      const q = schemaOf(r.doc.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: "query", required: q.required?.includes(name) ?? false, schema });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, resp] of Object.entries(r.doc.responses)) {
      responses[status] = {
        description: resp.description,
        ...(resp.schema
          ? { content: { [resp.contentType ?? "application/json"]: { schema: schemaOf(resp.schema) } } }
          : {}),
      };
    }
    const secured = r.doc.auth === "store";
    if (secured) {
      responses["401"] ??= {
        description: "Missing or wrong API key or signature",
        content: { "application/json": { schema: schemaOf(ErrorSchema) } },
      };
    }
    if (r.doc.body) {
      responses["400"] ??= {
        description: "Invalid input; `fields` names each offending field",
        content: { "application/json": { schema: schemaOf(ErrorSchema) } },
      };
    }
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      summary: r.doc.summary,
      ...(r.doc.tags ? { tags: r.doc.tags } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.doc.body
        ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(r.doc.body) } } } }
        : {}),
      responses,
      ...(secured ? { security: [{ storeApiKey: [] }] } : {}),
    };
  }
  return {
    openapi: "3.0.3",
    info: {
      title: "Timbre sync API",
      version,
      description:
        "The hosted endpoint the WooCommerce, PrestaShop and Jumpseller parts call. Writes carry `X-Timbre-Signature: base64(HMAC-SHA256(store secret, raw body))`.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        storeApiKey: { type: "http", scheme: "bearer", description: "The store API key from `timbre store create`" },
      },
      schemas: { Error: schemaOf(ErrorSchema) },
    },
    paths,
  };
}
