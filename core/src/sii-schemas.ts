import { readFileSync } from "node:fs";
import { SII_SCHEMA_FILES, type SiiSchemaFile, type SiiSchemas } from "./rules/dte/schema-validation.js";

// core/schemas/sii is one level above this file both in src/ (tsx, vitest) and in dist/ (built CLI).
const SCHEMA_DIR = new URL("../schemas/sii/", import.meta.url);

let cached: SiiSchemas | undefined;

/** The official SII XSDs shipped with the package, read once. */
export function loadSiiSchemas(): SiiSchemas {
  if (!cached) {
    const files = {} as Record<SiiSchemaFile, Uint8Array>;
    for (const f of SII_SCHEMA_FILES) files[f] = readFileSync(new URL(f, SCHEMA_DIR));
    cached = { files };
  }
  return cached;
}
