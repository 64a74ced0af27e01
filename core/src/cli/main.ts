import { parseArgs } from "node:util";
import { isTimbreError } from "../errors.js";
import { UsageError, type CliCommand, type CliIO, type OptionSpec } from "./command.js";
import { commands } from "./commands/index.js";

const GLOBAL_OPTIONS: OptionSpec = {
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
};

function findCommand(words: string[]): CliCommand | undefined {
  let best: CliCommand | undefined;
  for (const c of commands) {
    if (c.path.length <= words.length && c.path.every((w, i) => words[i] === w)) {
      if (!best || c.path.length > best.path.length) best = c;
    }
  }
  return best;
}

function optionHelp(options: OptionSpec): string {
  return Object.entries(options)
    .map(([name, o]) => `  --${name}${o.type === "string" ? " <value>" : ""}${o.multiple ? " (repeatable)" : ""}`)
    .join("\n");
}

export function overview(): string {
  const width = Math.max(...commands.map((c) => c.path.join(" ").length));
  const groups = commands.map((c) => `  ${c.path.join(" ").padEnd(width)}  ${c.summary}`).join("\n");
  return `timbre — the Timbre hub's operator command\n\nUsage: timbre <command> [options] [--json]\n\nCommands:\n${groups}\n\nEvery command takes --json for machine-readable output and --help for its options.\nIt works whether or not the hub is running, on the same database (DATABASE_URL, or the embedded one under .data/).`;
}

function commandHelp(c: CliCommand): string {
  const more = c.describeOptions ? `\n\n${c.describeOptions()}` : "";
  return `Usage: timbre ${c.usage}\n\n${c.summary}\n\nOptions:\n${optionHelp({ ...c.options, ...GLOBAL_OPTIONS })}${more}`;
}

export async function main(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  errOut: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const io: CliIO = { err: (line) => errOut.write(line + "\n") };
  const words = argv.filter((a) => !a.startsWith("-"));
  const wantsJson = argv.includes("--json");
  const command = findCommand(words);
  if (!command) {
    const helpOnly = argv.length === 0 || argv.every((a) => a === "--help" || a === "-h");
    if (helpOnly) {
      out.write(overview() + "\n");
      return 0;
    }
    errOut.write(`timbre: unknown command "${words.join(" ")}"\n\n${overview()}\n`);
    return 2;
  }
  try {
    const extra = (await command.loadOptions?.()) ?? {};
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        options: { ...command.options, ...extra, ...GLOBAL_OPTIONS },
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (parsed.values.help) {
      out.write(commandHelp(command) + "\n");
      return 0;
    }
    // Positionals after the command words are the command's own arguments.
    const positionals = parsed.positionals.slice(command.path.length);
    const result = await command.run({ values: parsed.values, positionals }, io);
    out.write((wantsJson ? JSON.stringify(result.json, null, 2) : result.text) + "\n");
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      errOut.write(`timbre ${command.path.join(" ")}: ${e.message}\n\n${commandHelp(command)}\n`);
      return 2;
    }
    if (isTimbreError(e)) {
      if (wantsJson) {
        out.write(
          JSON.stringify(
            { error: { code: e.code, message: e.user.en, messageEs: e.user.es, fields: e.fields } },
            null,
            2,
          ) + "\n",
        );
      }
      errOut.write(`timbre: ${e.user.en}\n`);
      for (const f of e.fields) errOut.write(`  - ${f.field}: ${f.message}\n`);
      if (e.detail && process.env.TIMBRE_DEBUG) errOut.write(`  (${e.detail})\n`);
      return 1;
    }
    errOut.write(`timbre: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}
