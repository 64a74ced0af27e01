import type { ParseArgsConfig } from "node:util";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedArgs {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  positionals: string[];
}

export interface CliIO {
  /** Progress and human output that must not pollute `--json` stdout. */
  err(line: string): void;
}

/** What a command hands back: `json` is printed with `--json`, `text` otherwise. */
export interface CliResult {
  json: unknown;
  text: string;
}

export interface CliCommand {
  /** Words that select the command, e.g. ["dte", "issue"]. */
  path: string[];
  /** One sentence in Spanish: what the command does. */
  summary: string;
  /** Usage line without the leading `timbre`, e.g. "dte verify <file.xml> [--caf <caf.xml>]". */
  usage: string;
  /** Every option also has a sentence in option-help.ts. */
  options: OptionSpec;
  /** Options known only at run time (a platform's setup flags, from the registry), added to `options`. */
  loadOptions?(): Promise<OptionSpec>;
  /** More help text for those options. */
  describeOptions?(): string;
  run(args: ParsedArgs, io: CliIO): Promise<CliResult>;
}

/** Wrong words or flags: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** A required string option, or a usage error naming it. */
export function requireString(args: ParsedArgs, name: string): string {
  const v = args.values[name];
  if (typeof v !== "string" || v === "") throw new UsageError(`falta --${name}`);
  return v;
}

export function optionalString(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * A number written the way people write it here: digits with an optional decimal comma or point,
 * optionally signed. "1e-7", "NaN", "0x10" or "1.000,5" are refused with the option's name.
 */
export function parseDecimal(
  text: string,
  name: string,
  o: { integer?: boolean; min?: number; max?: number; decimals?: number } = {},
): number {
  const t = text.trim();
  const decimals = o.integer ? 0 : (o.decimals ?? 6);
  const shape = decimals === 0 ? /^-?\d{1,15}$/ : new RegExp(`^-?\\d{1,15}(?:[.,]\\d{1,${decimals}})?$`);
  if (!shape.test(t)) {
    throw new UsageError(
      decimals === 0
        ? `--${name} debe ser un número entero, no "${text}"`
        : `--${name} debe ser un número con hasta ${decimals} decimales (p. ej. 2,5), no "${text}"`,
    );
  }
  const n = Number(t.replace(",", "."));
  if (o.min !== undefined && n < o.min) throw new UsageError(`--${name} debe ser al menos ${o.min}, no ${text}`);
  if (o.max !== undefined && n > o.max) throw new UsageError(`--${name} debe ser a lo más ${o.max}, no ${text}`);
  return n;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id Timbre printed (a store, a courier…): refused with a hint before it reaches the database. */
export function requireId(value: string, what: string, hint: string): string {
  if (!UUID.test(value.trim())) throw new UsageError(`"${value}" no es un id de ${what}; ${hint}`);
  return value.trim().toLowerCase();
}
