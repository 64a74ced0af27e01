import type { z } from "zod";
import { TimbreError, isTimbreError, type FieldIssue } from "../../errors.js";

/** JSON helpers shared by every sync API handler: one error shape, one status mapping. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

const STATUS: Record<TimbreError["kind"], number> = {
  invalid_input: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
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
    return json(body, STATUS[e.kind]);
  }
  // The internal detail stays in the server log; the caller learns only that it was our fault.
  console.error("[api] unexpected error", e);
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

/** Turns zod issues into field errors a caller can map back onto its form. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ field: i.path.join(".") || "(body)", message: i.message }));
}

export function parseBody<T>(schema: z.ZodType<T>, raw: string): T {
  let data: unknown;
  try {
    data = raw === "" ? undefined : JSON.parse(raw);
  } catch {
    throw new TimbreError(
      "invalid_json",
      { es: "El cuerpo no es JSON válido.", en: "The body is not valid JSON." },
      { fields: [{ field: "(body)", message: "invalid JSON" }] },
    );
  }
  const r = schema.safeParse(data);
  if (!r.success) {
    const fields = fieldIssues(r.error);
    throw new TimbreError(
      "invalid_input",
      {
        es: `Datos inválidos: ${fields.map((f) => f.field).join(", ")}.`,
        en: `Invalid data: ${fields.map((f) => f.field).join(", ")}.`,
      },
      { fields },
    );
  }
  return r.data;
}
