import { z } from "zod";
import { TimbreError, type FieldIssue } from "./errors.js";
import { spanishSchemaMessage } from "./schema-messages.js";

const es = z.locales.es().localeError;
const en = z.locales.en().localeError;

const pathOf = (issue: z.core.$ZodIssue) => issue.path.map(String).join(".") || "(body)";

/**
 * zod issues as field errors a caller can map back onto its form: our schemas' own messages in
 * Spanish (English beside them); zod's built-in wording in the language zod used.
 */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const message = spanishSchemaMessage(issue.message);
    return { field: pathOf(issue), message, ...(message !== issue.message ? { messageEn: issue.message } : {}) };
  });
}

/**
 * Parses `data`, or throws a 400-shaped error naming every bad field: Spanish first (zod's es
 * locale; a schema's own message through the Spanish catalog), English beside it.
 */
export function validate<S extends z.ZodType>(schema: S, data: unknown, what: "body" | "query" = "body"): z.output<S> {
  const r = schema.safeParse(data, { error: es });
  if (r.success) return r.data;
  const english = schema.safeParse(data, { error: en });
  const enByPath = new Map((english.success ? [] : english.error.issues).map((i) => [pathOf(i), i.message]));
  const fields: FieldIssue[] = r.error.issues.map((issue) => {
    const field = pathOf(issue);
    const messageEn = enByPath.get(field);
    const message = spanishSchemaMessage(issue.message);
    return { field, message, ...(messageEn && messageEn !== message ? { messageEn } : {}) };
  });
  const names = [...new Set(fields.map((f) => f.field))].join(", ");
  throw new TimbreError(
    what === "body" ? "invalid_input" : "invalid_query",
    what === "body"
      ? { es: `Datos inválidos: ${names}.`, en: `Invalid data: ${names}.` }
      : { es: `Parámetros inválidos: ${names}.`, en: `Invalid parameters: ${names}.` },
    { fields },
  );
}
