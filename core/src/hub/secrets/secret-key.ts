import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TimbreError } from "../../errors.js";
import type { HubConfig } from "../config.js";
import { generateSecretKey, parseSecretKey } from "./encryptor.js";

/**
 * The key that seals stored secrets. Production must be given one; development and tests fall back
 * to a key generated once under the data folder so the embedded quick start needs no setup.
 */
export function resolveSecretKey(config: Pick<HubConfig, "mode" | "secretKey" | "dataDir">): Buffer {
  if (config.secretKey !== undefined && config.secretKey !== "") return parseSecretKey(config.secretKey);
  if (config.mode === "production") {
    throw new TimbreError(
      "secrets.missing_key",
      {
        es: "Falta TIMBRE_SECRET_KEY: en producción Timbre no arranca sin la clave que protege certificados y CAF. Genere una con `openssl rand -base64 32`.",
        en: "TIMBRE_SECRET_KEY is missing: in production Timbre does not start without the key that protects certificates and CAFs. Generate one with `openssl rand -base64 32`.",
      },
      { kind: "configuration" },
    );
  }
  const file = join(config.dataDir, "secret.key");
  try {
    return parseSecretKey(readFileSync(file, "utf8"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  mkdirSync(config.dataDir, { recursive: true });
  try {
    writeFileSync(file, generateSecretKey() + "\n", { mode: 0o600, flag: "wx" });
  } catch (e) {
    // Another process created it first: use theirs.
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  return parseSecretKey(readFileSync(file, "utf8"));
}
