import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { TimbreError } from "../../errors.js";
import { saveUfValues, type UfRow } from "../../hub/billing/uf-values.js";
import { parseUfValue } from "../../rules/billing/uf-value.js";
import { UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";
import { parseCsv } from "../read-csv.js";

const DATE_HEADERS = new Set(["fecha", "date", "dia", "día"]);
const VALUE_HEADERS = new Set(["valor", "value", "uf"]);

/** "2026-11-30" or "30-11-2026" / "30/11/2026" → "2026-11-30", a real calendar day, or undefined. */
function isoDay(text: string): string | undefined {
  const t = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t) ?? /^(\d{2})[-/](\d{2})[-/](\d{4})$/.exec(t);
  if (!m) return undefined;
  const [y, mo, d] = m[1]!.length === 4 ? [m[1]!, m[2]!, m[3]!] : [m[3]!, m[2]!, m[1]!];
  const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(`${y}-${mo}-${d}`) ? `${y}-${mo}-${d}` : undefined;
}

/** The CSV's rows as UF values; every bad line is named and nothing is saved if there is one. */
export function readUfCsv(text: string): { rows: UfRow[]; problems: Array<{ line: number; problem: string }> } {
  const table = parseCsv(text);
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const di = header.findIndex((h) => DATE_HEADERS.has(h));
  const vi = header.findIndex((h) => VALUE_HEADERS.has(h));
  if (di < 0 || vi < 0) throw new UsageError("el CSV debe tener las columnas fecha y valor (p. ej. «fecha;valor» y «30-11-2026;39.643,59»)");
  const rows: UfRow[] = [];
  const problems: Array<{ line: number; problem: string }> = [];
  const seen = new Map<string, number>();
  table.slice(1).forEach((r, i) => {
    const line = i + 2;
    const date = isoDay(r[di] ?? "");
    if (!date) return problems.push({ line, problem: `fecha inválida «${r[di] ?? ""}» (AAAA-MM-DD o DD-MM-AAAA)` });
    let valueCentavos: number;
    try {
      valueCentavos = parseUfValue(r[vi] ?? "");
    } catch {
      return problems.push({ line, problem: `valor de UF inválido «${r[vi] ?? ""}» (p. ej. 39.643,59)` });
    }
    if (seen.has(date)) return problems.push({ line, problem: `la fecha ${date} ya está en la línea ${seen.get(date)}` });
    seen.set(date, line);
    rows.push({ date, valueCentavos });
  });
  return { rows, problems };
}

export const ufImport: CliCommand = {
  path: ["uf", "import"],
  summary: "Carga valores diarios de la UF desde un CSV (fecha;valor, como lo descarga la CMF)",
  usage: "uf import <file.csv> [--json]",
  options: {},
  async run(args) {
    const file = args.positionals[0];
    if (!file) throw new UsageError("indique el archivo CSV");
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (e) {
      throw new TimbreError(
        "import.unreadable",
        { es: `No se pudo leer ${file}.`, en: `Could not read ${file}.` },
        { kind: "invalid_input", cause: e },
      );
    }
    let parsed: ReturnType<typeof readUfCsv>;
    try {
      parsed = readUfCsv(text);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`el CSV no se pudo leer: ${(e as Error).message}`);
    }
    const { rows, problems } = parsed;
    if (problems.length > 0) {
      throw new TimbreError(
        "uf.import_invalid",
        {
          es: `No se cargó nada; corrija estas líneas:\n${problems.map((p) => `  línea ${p.line}: ${p.problem}`).join("\n")}`,
          en: `Nothing was loaded; fix these lines:\n${problems.map((p) => `  line ${p.line}: ${p.problem}`).join("\n")}`,
        },
        { kind: "invalid_input" },
      );
    }
    if (rows.length === 0) throw new UsageError("el CSV no trae valores");
    await withHub((hub) => saveUfValues(hub.db, rows, `csv:${basename(file)}`));
    const dates = rows.map((r) => r.date).sort();
    const result = { imported: rows.length, from: dates[0], to: dates.at(-1) };
    return { json: result, text: `Se cargaron ${rows.length} valores de la UF, del ${result.from} al ${result.to}.` };
  },
};
