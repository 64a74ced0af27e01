import { isTimbreError, TimbreError, type FieldIssue } from "../../errors.js";
import { isConnectionLost } from "../db/connection-lost.js";
import { logger } from "../logging/logger.js";

/** JSON helpers shared by every sync API handler: one error shape, one status mapping. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

export const STATUS: Record<TimbreError["kind"], number> = {
  invalid_input: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  configuration: 503,
  upstream: 502,
  internal: 500,
};

export interface ErrorBody {
  error: { code: string; message: string; messageEn: string; fields?: FieldIssue[] };
}

export function errorResponse(e: unknown): Response {
  if (isTimbreError(e)) {
    const body: ErrorBody = { error: { code: e.code, message: e.user.es, messageEn: e.user.en } };
    if (e.fields.length > 0) body.error.fields = e.fields;
    // The caller stops sending after a 413; closing spares us the rest of an oversized upload.
    return json(body, STATUS[e.kind], e.kind === "payload_too_large" ? { connection: "close" } : {});
  }
  // The database went away mid-request (a restart, a failover): nothing was written, so the caller
  // is told to send it again shortly (503 + Retry-After), not that we broke (a platform that keeps
  // getting 500s turns its webhooks off).
  if (isConnectionLost(e)) {
    logger.warn({ err: e }, "api: database connection lost during the request");
    return json(
      {
        error: {
          code: "db.unavailable",
          message: "La base de datos del hub no respondió; vuelva a enviar en unos segundos.",
          messageEn: "The hub's database did not answer; send again in a few seconds.",
        },
      },
      503,
      { "retry-after": "1" },
    );
  }
  // The internal detail stays in the server log; the caller learns only that it was our fault.
  logger.error({ err: e }, "api: unexpected error");
  return json(
    {
      error: {
        code: "internal",
        message: "Error interno del hub; inténtelo de nuevo.",
        messageEn: "Internal hub error; please retry.",
      },
    },
    500,
  );
}

export function notFound(what: { es: string; en: string } = { es: "No encontrado.", en: "Not found." }): TimbreError {
  return new TimbreError("not_found", what, { kind: "not_found" });
}
