import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { TimbreError } from "../errors.js";
import { normalizeRut } from "../rules/rut.js";
import { CMF_UF_URL } from "./billing/uf-source.js";

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const EnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  TIMBRE_ENV: z.enum(["development", "production", "test"]).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  TIMBRE_DATA_DIR: z.string().min(1).optional(),
  TIMBRE_SECRET_KEY: z.string().optional(),
  TIMBRE_DEMO: flag.optional(),
  TIMBRE_PUBLIC_URL: z.string().url().optional(),
  /** Overrides every SII host (the emulator, or a proxy); unset: the real hosts per environment. */
  TIMBRE_SII_BASE_URL: z.string().url().optional(),
  /** PEM files of the SII's CAF-signing public keys; when set, every CAF's FRMA must verify. */
  TIMBRE_SII_KEY_CERTIFICATION: z.string().min(1).optional(),
  TIMBRE_SII_KEY_PRODUCTION: z.string().min(1).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  TIMBRE_MAIL_FROM: z.string().min(3).optional(),
  /** Where the monthly billing run reads UF values (the CMF API's shape); unset, the CMF's own when a key is set. */
  TIMBRE_UF_SOURCE_URL: z.string().url().optional(),
  TIMBRE_UF_API_KEY: z.string().min(1).optional(),
  /** RUT of the hub operator's company: it issues Timbre's own facturas to merchants not billed by their platform. */
  TIMBRE_OPERATOR_RUT: z.string().min(3).optional(),
});

export interface HubConfig {
  mode: "development" | "production" | "test";
  port: number;
  host: string | undefined;
  /** A PostgreSQL server; when absent the embedded PGlite under `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  secretKey: string | undefined;
  demo: boolean;
  publicUrl: string | undefined;
  version: string;
  siiBaseUrl: string | undefined;
  /** PEM public keys by CAF IDK (100 certification, 300 production). */
  siiKeys: Record<number, string>;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The UF source for billing; undefined when neither a URL nor a CMF key is configured. */
  ufSource: { url: string; apiKey: string | undefined } | undefined;
  operatorRut: string | undefined;
}

/** The nearest folder at or above `from` whose package.json declares workspaces (the repo root). */
export function findProjectRoot(from: string): string {
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { workspaces?: unknown }).workspaces) return dir;
      } catch {
        // An unreadable package.json is not the root we are looking for.
      }
    }
    const up = dirname(dir);
    if (up === dir) return resolve(from);
    dir = up;
  }
}

function readPem(path: string, variable: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (cause) {
    throw new TimbreError(
      "config.unreadable_key",
      { es: `No se pudo leer ${variable} (${path}).`, en: `Could not read ${variable} (${path}).` },
      { kind: "configuration", cause },
    );
  }
}

export function coreVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): HubConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
    throw new TimbreError(
      "config.invalid_env",
      {
        es: `Configuración inválida: ${fields.map((f) => `${f.field} ${f.message}`).join("; ")}`,
        en: `Invalid configuration: ${fields.map((f) => `${f.field} ${f.message}`).join("; ")}`,
      },
      { kind: "configuration", fields },
    );
  }
  const e = parsed.data;
  const mode =
    e.TIMBRE_ENV ?? (e.NODE_ENV === "production" ? "production" : e.NODE_ENV === "test" ? "test" : "development");
  return {
    mode,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(cwd, e.TIMBRE_DATA_DIR ?? join(findProjectRoot(cwd), ".data")),
    secretKey: e.TIMBRE_SECRET_KEY,
    // The demo (its anonymous "simulate order" button, test CAFs) never runs in production.
    demo: mode !== "production" && (e.TIMBRE_DEMO ?? false),
    publicUrl: e.TIMBRE_PUBLIC_URL,
    version: coreVersion(),
    siiBaseUrl: e.TIMBRE_SII_BASE_URL,
    siiKeys: Object.fromEntries(
      [
        [100, e.TIMBRE_SII_KEY_CERTIFICATION, "TIMBRE_SII_KEY_CERTIFICATION"],
        [300, e.TIMBRE_SII_KEY_PRODUCTION, "TIMBRE_SII_KEY_PRODUCTION"],
      ].flatMap(([idk, path, name]) => (path ? [[idk, readPem(String(path), String(name))]] : [])),
    ) as Record<number, string>,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.TIMBRE_MAIL_FROM ?? "Timbre <no-reply@timbre.local>",
    ufSource:
      e.TIMBRE_UF_SOURCE_URL || e.TIMBRE_UF_API_KEY
        ? { url: e.TIMBRE_UF_SOURCE_URL ?? CMF_UF_URL, apiKey: e.TIMBRE_UF_API_KEY }
        : undefined,
    operatorRut: e.TIMBRE_OPERATOR_RUT ? normalizeRut(e.TIMBRE_OPERATOR_RUT, "TIMBRE_OPERATOR_RUT") : undefined,
  };
}
