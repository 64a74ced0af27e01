import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiRoute } from "./define-route.js";
import { LEGACY_SIGNATURE_SUNSET, SIGNATURE_TOLERANCE_S } from "./store-auth.js";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_input" }),
      message: z.string().describe("Spanish (es-CL) message for the merchant"),
      messageEn: z.string(),
      fields: z
        .array(
          z.object({
            field: z.string().describe("Dotted path of the offending field"),
            message: z.string().describe("Spanish (es-CL)"),
            messageEn: z.string().optional(),
          }),
        )
        .optional(),
    }),
  })
  .openapi("Error", {
    example: {
      error: {
        code: "invalid_input",
        message: "Datos inválidos: lines.0.quantity.",
        messageEn: "Invalid data: lines.0.quantity.",
        fields: [
          {
            field: "lines.0.quantity",
            message: "Demasiado pequeño: se esperaba que el número fuera >0",
            messageEn: "Too small: expected number to be >0",
          },
        ],
      },
    },
  });

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});

const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

function paramsOf(r: ApiRoute): z.ZodObject | undefined {
  if (r.params) return r.params;
  const names = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  return names.length ? z.object(Object.fromEntries(names.map((n) => [n, z.string()]))) : undefined;
}

/** Registers each route's documentation in the app's OpenAPI registry. */
export function registerDocs(app: OpenAPIHono, routes: ApiRoute[]): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "storeApiKey", {
    type: "http",
    scheme: "bearer",
    description: "The store API key from `timbre store create`",
  });
  for (const r of routes) {
    const responses: Record<string, object> = {};
    for (const [status, doc] of Object.entries(r.responses)) {
      responses[status] = doc.schema
        ? { description: doc.description, content: { "application/json": { schema: doc.schema } } }
        : doc.contentType
          ? {
              description: doc.description,
              content: { [doc.contentType]: { schema: { type: "string", format: "binary" } } },
            }
          : { description: doc.description };
    }
    const write = r.method !== "GET";
    if (r.auth === "store") {
      responses["401"] ??= errorResponse(
        write ? "Missing or wrong API key or signature, or a stale timestamp" : "Missing or wrong API key",
      );
    }
    if (r.body || r.query) responses["400"] ??= errorResponse("Invalid input; `fields` names each offending field");
    if (write) responses["413"] ??= errorResponse("The body is over the size limit");
    const params = paramsOf(r);
    app.openAPIRegistry.registerPath(
      createRoute({
        method: r.method.toLowerCase() as "get",
        path: openApiPath(r.path),
        summary: r.summary,
        ...(r.description ? { description: r.description } : {}),
        tags: r.tags,
        request: {
          ...(params ? { params } : {}),
          ...(r.query ? { query: r.query as z.ZodObject } : {}),
          ...(r.body ? { body: { required: true, content: { "application/json": { schema: r.body } } } } : {}),
        },
        responses,
        ...(r.auth === "store" ? { security: [{ storeApiKey: [] }] } : {}),
        ...(r.auth === "store" && write
          ? {
              parameters: [
                {
                  name: "X-Timbre-Timestamp",
                  in: "header",
                  required: true,
                  schema: { type: "string", example: "1796284800" },
                  description: `Unix time in seconds; refused when more than ${SIGNATURE_TOLERANCE_S} s away from the hub's clock`,
                },
                {
                  name: "X-Timbre-Signature",
                  in: "header",
                  required: true,
                  schema: { type: "string" },
                  description:
                    "base64(HMAC-SHA256(store secret, timestamp + \\n + METHOD + \\n + path?query + \\n + raw body))",
                },
              ],
            }
          : {}),
      }),
    );
  }
}

export function documentInfo(version: string) {
  return {
    openapi: "3.0.3",
    info: {
      title: "Timbre sync API",
      version,
      description: [
        "The hosted endpoint the WooCommerce, PrestaShop, Magento and Jumpseller parts call.",
        "",
        "Every call: `Authorization: Bearer <store API key>`.",
        "Every write (POST, PUT, PATCH, DELETE) is also signed:",
        "`X-Timbre-Timestamp: <Unix seconds>` and",
        '`X-Timbre-Signature: base64(HMAC-SHA256(store secret, "<timestamp>\\n<METHOD>\\n<path and query>\\n<raw body>"))`.',
        `A timestamp more than ${SIGNATURE_TOLERANCE_S} s from the hub's clock, is refused with 401; the signature binds method and path, so it cannot be moved to another request.`,
        "",
        `**Deprecated:** the body-only form (\`X-Timbre-Signature: base64(HMAC-SHA256(secret, raw body))\`, no timestamp) is still accepted until ${LEGACY_SIGNATURE_SUNSET.toISOString().slice(0, 10)} from stores that have not turned it off (\`PUT /api/v1/signatures\` with \`{"legacy": false}\`, or \`timbre store signatures --store <id> --legacy off\`).`,
        "",
        "Errors: `{error: {code, message (Spanish), messageEn, fields?}}`; 400 names each offending field. Bodies over the limit get 413 before they are read.",
      ].join("\n"),
    },
    servers: [{ url: "/" }],
  };
}
