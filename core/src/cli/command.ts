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
  summary: string;
  /** Usage line without the leading `timbre`, e.g. "dte verify <file.xml> [--caf <caf.xml>]". */
  usage: string;
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
  if (typeof v !== "string" || v === "") throw new UsageError(`--${name} is required`);
  return v;
}

export function optionalString(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === "string" && v !== "" ? v : undefined;
}
