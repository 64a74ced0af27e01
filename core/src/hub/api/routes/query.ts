import type { z } from "zod";
import { TimbreError } from "../../../errors.js";
import { fieldIssues } from "../http.js";

/** Query-string parameters through a zod schema: 400 naming each bad parameter, like bodies. */
export function parseQuery<T>(schema: z.ZodType<T>, url: URL): T {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) raw[k] = v;
  const r = schema.safeParse(raw);
  if (!r.success) {
    const fields = fieldIssues(r.error);
    throw new TimbreError(
      "invalid_query",
      {
        es: `Parámetros inválidos: ${fields.map((f) => f.field).join(", ")}.`,
        en: `Invalid parameters: ${fields.map((f) => f.field).join(", ")}.`,
      },
      { fields },
    );
  }
  return r.data;
}
