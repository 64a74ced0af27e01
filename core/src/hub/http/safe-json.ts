import { TimbreError, type FieldIssue } from "../../errors.js";

/** Deeper than any order, product or webhook we read; a 100,000-deep body is an attack, not data. */
export const MAX_JSON_DEPTH = 64;

function invalidJson(message: { es: string; en: string }, detail: string): TimbreError {
  return new TimbreError("invalid_json", message, { fields: [{ field: "(body)", message: detail }] });
}

/** Nesting depth of a JSON text, counted without parsing it (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Text PostgreSQL cannot store (NUL) or that is not Unicode (a lone surrogate half). */
export function isStorableText(s: string): boolean {
  return !s.includes("\u0000") && s.isWellFormed();
}

/** Replaces what `isStorableText` refuses: NUL is dropped, a lone surrogate becomes U+FFFD. */
export function storableText(s: string): string {
  return s.replaceAll("\u0000", "").toWellFormed();
}

/** The paths (`lines.0.name`) of every string, key included, that cannot be stored as it is. */
export function unstorableTextPaths(value: unknown, path: string[] = [], out: string[] = []): string[] {
  if (typeof value === "string") {
    if (!isStorableText(value)) out.push(path.join(".") || "(body)");
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorableTextPaths(v, [...path, String(i)], out));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (!isStorableText(k)) out.push([...path, storableText(k)].join("."));
      unstorableTextPaths(v, [...path, k], out);
    }
  }
  return out;
}

/** A copy of a parsed JSON value with every string made storable (webhooks: never refuse a platform). */
export function withStorableText<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => withStorableText(v)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[storableText(k)] = withStorableText(v);
    return out as T;
  }
  return value;
}

/**
 * Parses a request body at the edge: not JSON, deeper than `MAX_JSON_DEPTH`, or text with NUL or a
 * lone surrogate is refused with 400 (naming the fields), so nothing behind ever sees it.
 * An empty body is `undefined`.
 */
export function parseJsonBody(raw: string): unknown {
  if (raw.trim() === "") return undefined;
  if (jsonDepth(raw) > MAX_JSON_DEPTH) {
    throw invalidJson(
      {
        es: `El JSON está anidado a más de ${MAX_JSON_DEPTH} niveles.`,
        en: `The JSON is nested deeper than ${MAX_JSON_DEPTH} levels.`,
      },
      `nested deeper than ${MAX_JSON_DEPTH}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw invalidJson({ es: "El cuerpo no es JSON válido.", en: "The body is not valid JSON." }, "invalid JSON");
  }
  const bad = unstorableTextPaths(data);
  if (bad.length > 0) {
    const fields: FieldIssue[] = bad.map((field) => ({
      field,
      message: "Texto con caracteres no permitidos (NUL o sustituto UTF-16 suelto).",
    }));
    throw new TimbreError(
      "invalid_text",
      {
        es: `Texto con caracteres no permitidos en: ${bad.join(", ")}.`,
        en: `Text with characters that are not allowed (NUL or a lone surrogate) in: ${bad.join(", ")}.`,
      },
      { fields },
    );
  }
  return data;
}

/** For platform payloads: the same depth bound, but bad text is cleaned rather than refused. */
export function parsePlatformJson(raw: string): unknown {
  if (jsonDepth(raw) > MAX_JSON_DEPTH) {
    throw invalidJson(
      { es: "El JSON está anidado demasiado.", en: "The JSON is nested too deep." },
      `nested deeper than ${MAX_JSON_DEPTH}`,
    );
  }
  try {
    return withStorableText(JSON.parse(raw) as unknown);
  } catch {
    throw invalidJson({ es: "El cuerpo no es JSON válido.", en: "The body is not valid JSON." }, "invalid JSON");
  }
}
