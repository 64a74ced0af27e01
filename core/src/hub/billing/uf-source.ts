import { z } from "zod";
import { TimbreError } from "../../errors.js";
import { parseUfValue } from "../../rules/billing/uf-value.js";
import type { UfRow } from "./uf-values.js";

/** The CMF's API (api.cmfchile.cl, resource UF); TIMBRE_UF_SOURCE_URL replaces it (a mirror, the emulator). */
export const CMF_UF_URL = "https://api.cmfchile.cl/api-sbifv3/recursos_api/uf";

/** The CMF's JSON: {"UFs":[{"Valor":"39.643,59","Fecha":"2026-11-30"}, …]}. */
const CmfUfAnswer = z.object({
  UFs: z.array(z.object({ Valor: z.string(), Fecha: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })),
});

export interface UfSource {
  url: string;
  apiKey: string | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const upstream = (detail: string, retryable: boolean, cause?: unknown) =>
  new TimbreError(
    "uf.source_failed",
    {
      es: "No se pudieron obtener los valores de la UF; se usará el último conocido y el cobro quedará provisorio.",
      en: "Could not fetch UF values; the last known one is used and the charge stays provisional.",
    },
    { kind: "upstream", retryable, detail, ...(cause ? { cause } : {}) },
  );

/**
 * One month of daily values from the source (`<url>/<yyyy>/<mm>?apikey=…&formato=json`, the CMF's
 * shape). The CMF publishes each period from the 10th to the next 9th, so a month asked before its
 * 9th comes back partial: whatever is there is kept, the rest arrives on a later run.
 */
export async function fetchUfMonth(source: UfSource, year: number, month: number): Promise<UfRow[]> {
  const url = new URL(`${source.url.replace(/\/$/, "")}/${year}/${String(month).padStart(2, "0")}`);
  if (source.apiKey) url.searchParams.set("apikey", source.apiKey);
  url.searchParams.set("formato", "json");
  let res: Response;
  try {
    res = await (source.fetch ?? fetch)(url, { signal: AbortSignal.timeout(source.timeoutMs ?? 15_000) });
  } catch (e) {
    throw upstream(`GET ${url.origin}${url.pathname}: ${(e as Error).message}`, true, e);
  }
  // The CMF answers a month with nothing published yet as 404 with {"CodigoHTTP":404,…}.
  if (res.status === 404) return [];
  if (!res.ok) throw upstream(`GET ${url.origin}${url.pathname}: HTTP ${res.status}`, res.status >= 500 || res.status === 429);
  let body: unknown;
  try {
    body = await res.json();
  } catch (e) {
    throw upstream(`GET ${url.origin}${url.pathname}: not JSON`, true, e);
  }
  const parsed = CmfUfAnswer.safeParse(body);
  if (!parsed.success) throw upstream(`GET ${url.origin}${url.pathname}: unexpected shape`, false);
  const rows: UfRow[] = [];
  for (const u of parsed.data.UFs) {
    try {
      rows.push({ date: u.Fecha, valueCentavos: parseUfValue(u.Valor) });
    } catch {
      throw upstream(`GET ${url.origin}${url.pathname}: bad value ${u.Valor} for ${u.Fecha}`, false);
    }
  }
  return rows;
}
