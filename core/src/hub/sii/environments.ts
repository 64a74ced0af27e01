import { z } from "zod";
import { TimbreError } from "../../errors.js";

export const SiiEnvironmentSchema = z.enum(["certification", "production"]);
export type SiiEnvironment = z.infer<typeof SiiEnvironmentSchema>;

/**
 * The SII serves the two channels from four host families; each family is a base URL
 * (scheme + host, optional path prefix) so the emulator, a proxy or a test can stand in for it.
 */
export interface SiiBaseUrls {
  /** CrSeed.jws, GetTokenFromSeed.jws, QueryEstUp.jws, QueryEstDte.jws (maullin / palena). */
  seedTokenDte: string;
  /** /cgi_dte/UPL/DTEUpload (maullin / palena). */
  uploadDte: string;
  /** boleta.electronica.semilla, .token and the envío status (apicert / api). */
  boletaApi: string;
  /** boleta.electronica.envio upload (pangal / rahue). */
  boletaUpload: string;
}

/** Hosts from research/sii.md §9 (libredte SiiEnvironment.php; boleta hosts from public implementations). */
export const SII_BASE_URLS: Record<SiiEnvironment, SiiBaseUrls> = {
  certification: {
    seedTokenDte: "https://maullin.sii.cl",
    uploadDte: "https://maullin.sii.cl",
    boletaApi: "https://apicert.sii.cl",
    boletaUpload: "https://pangal.sii.cl",
  },
  production: {
    seedTokenDte: "https://palena.sii.cl",
    uploadDte: "https://palena.sii.cl",
    boletaApi: "https://api.sii.cl",
    boletaUpload: "https://rahue.sii.cl",
  },
};

/** Paths are the SII's own; only the base URL ever changes. */
export const SII_PATHS = {
  crSeed: "/DTEWS/CrSeed.jws",
  getTokenFromSeed: "/DTEWS/GetTokenFromSeed.jws",
  queryEstUp: "/DTEWS/QueryEstUp.jws",
  queryEstDte: "/DTEWS/QueryEstDte.jws",
  dteUpload: "/cgi_dte/UPL/DTEUpload",
  boletaSeed: "/recursos/v1/boleta.electronica.semilla",
  boletaToken: "/recursos/v1/boleta.electronica.token",
  boletaEnvio: "/recursos/v1/boleta.electronica.envio",
  /** Followed by `/{rut}-{dv}-{tipo}-{folio}/estado` (one boleta's state). */
  boletaEstado: "/recursos/v1/boleta.electronica",
} as const;

const UrlSchema = z.url({ protocol: /^https?$/ });

function checkedBase(name: string, value: string): string {
  const parsed = UrlSchema.safeParse(value);
  if (!parsed.success) {
    throw new TimbreError(
      "sii_base_url_invalid",
      {
        es: `La URL base del SII "${value}" no es válida: use http(s)://host[:puerto].`,
        en: `The SII base URL "${value}" is not valid: use http(s)://host[:port].`,
      },
      { kind: "configuration", fields: [{ field: name, message: "invalid URL" }] },
    );
  }
  return value.replace(/\/+$/, "");
}

/**
 * Base URLs for an environment. `baseUrl` replaces every family at once (the emulator answers all
 * paths on one port); `overrides` replace single families and win over both.
 */
export function resolveBaseUrls(
  environment: SiiEnvironment,
  options: { baseUrl?: string | undefined; overrides?: Partial<SiiBaseUrls> | undefined } = {},
): SiiBaseUrls {
  const base = options.baseUrl ? checkedBase("baseUrl", options.baseUrl) : undefined;
  const defaults = SII_BASE_URLS[environment];
  const pick = (key: keyof SiiBaseUrls): string => {
    const override = options.overrides?.[key];
    if (override) return checkedBase(key, override);
    return base ?? defaults[key];
  };
  return {
    seedTokenDte: pick("seedTokenDte"),
    uploadDte: pick("uploadDte"),
    boletaApi: pick("boletaApi"),
    boletaUpload: pick("boletaUpload"),
  };
}
