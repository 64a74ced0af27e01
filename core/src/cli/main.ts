import { parseArgs } from "node:util";
import { isTimbreError, type TimbreError } from "../errors.js";
import { coreVersion } from "../hub/config.js";
import { UsageError, type CliCommand, type CliIO, type OptionSpec } from "./command.js";
import { commands } from "./commands/index.js";
import { databaseProblem } from "./database-problem.js";
import { optionHelp } from "./option-help.js";

/**
 * The `timbre` command line: finds the command, parses its flags, runs it and turns every failure
 * into a sentence that says what to do (never a stack trace or a driver's message). Spanish, or
 * English where we have it when LANG/LC_ALL/LC_MESSAGES say en.
 */

const GLOBAL_OPTIONS: OptionSpec = {
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
};

type Lang = "es" | "en";

export function cliLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const l = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return /^en/i.test(l) ? "en" : "es";
}

function findCommand(words: string[]): CliCommand | undefined {
  let best: CliCommand | undefined;
  for (const c of commands) {
    if (c.path.length <= words.length && c.path.every((w, i) => words[i] === w)) {
      if (!best || c.path.length > best.path.length) best = c;
    }
  }
  return best;
}

/** Commands under the words given (`courier` → every `courier …`). */
function groupOf(words: string[]): CliCommand[] {
  return words.length === 0 ? [] : commands.filter((c) => words.every((w, i) => c.path[i] === w));
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** The closest of `candidates` to `word`, when it is close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function optionLines(c: CliCommand): string {
  const all = { ...c.options, ...GLOBAL_OPTIONS };
  const names = Object.entries(all).map(
    ([name, o]) => `--${name}${o.type === "string" ? " <valor>" : ""}${o.multiple ? " (repetible)" : ""}`,
  );
  const width = Math.max(...names.map((n) => n.length));
  return Object.keys(all)
    .map((name, i) => `  ${names[i]!.padEnd(width)}  ${optionHelp(c.path, name) ?? ""}`)
    .join("\n");
}

function list(cs: CliCommand[]): string {
  const width = Math.max(...cs.map((c) => c.path.join(" ").length));
  return cs.map((c) => `  ${c.path.join(" ").padEnd(width)}  ${c.summary}`).join("\n");
}

export function overview(): string {
  return [
    "timbre — el comando de operación del hub de Timbre",
    "",
    "Uso: timbre <comando> [opciones] [--json]",
    "",
    "Comandos:",
    list(commands),
    "",
    "Cada comando acepta --json (salida para programas) y --help (sus opciones); `timbre <grupo> --help`",
    "lista los comandos de un grupo (p. ej. `timbre courier --help`). `timbre --version` dice la versión.",
    "Funciona con o sin el hub en marcha, sobre la misma base de datos (DATABASE_URL, o la integrada en .data/).",
  ].join("\n");
}

function groupHelp(words: string[], cs: CliCommand[]): string {
  return `Uso: timbre ${words.join(" ")} <comando> [opciones] [--json]\n\nComandos:\n${list(cs)}\n\nVea las opciones de cada uno con --help, p. ej. \`timbre ${cs[0]!.path.join(" ")} --help\`.`;
}

function commandHelp(c: CliCommand): string {
  const more = c.describeOptions ? `\n\n${c.describeOptions()}` : "";
  return `Uso: timbre ${c.usage}\n\n${c.summary}\n\nOpciones:\n${optionLines(c)}${more}`;
}

/** Node's parser errors, said our way (its own text names internals and is English). */
function flagProblem(e: unknown, c: CliCommand, lang: Lang): string {
  const err = e as { code?: string; message?: string };
  const message = err.message ?? "";
  const flag = /'(-{1,2}[^'\s]+)/.exec(message)?.[1] ?? "";
  const t = (es: string, en: string) => (lang === "en" ? en : es);
  switch (err.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const name = flag.replace(/^-+/, "").replace(/=.*$/, "");
      const near = closest(name, Object.keys({ ...c.options, ...GLOBAL_OPTIONS }));
      return t(
        `no existe la opción ${flag}${near ? `; ¿quiso decir --${near}?` : "."}`,
        `there is no option ${flag}${near ? `; did you mean --${near}?` : "."}`,
      );
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /argument missing/.test(message)
        ? t(`${flag} necesita un valor (p. ej. ${flag} <valor>).`, `${flag} needs a value (e.g. ${flag} <value>).`)
        : t(`${flag} no lleva valor; escríbala sola.`, `${flag} takes no value; write it alone.`);
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return t("sobra un argumento.", "an argument is left over.");
    default:
      return t("las opciones no se entienden.", "the options cannot be read.");
  }
}

/** Characters no option value may carry (control characters, lone surrogates). */
function badCharacters(argv: string[]): string | undefined {
  // eslint-disable-next-line no-control-regex
  return argv.find((a) => /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|\p{Cs}/u.test(a));
}

/** A validator's wording ("Invalid input: expected number, received undefined") said plainly. */
export function plainFieldMessage(message: string, lang: Lang): string {
  const t = (es: string, en: string) => (lang === "en" ? en : es);
  if (/received undefined|Required|is required/i.test(message))
    return t("falta (es obligatorio).", "missing (required).");
  const expected = /expected (\w+)/i.exec(message)?.[1];
  if (expected === "number" || expected === "int") return t("debe ser un número.", "must be a number.");
  if (expected === "boolean") return t("debe ser sí o no.", "must be yes or no.");
  if (expected === "array") return t("debe ser una lista.", "must be a list.");
  if (/too small|too big|>=|<=/i.test(message))
    return t("está fuera del rango permitido.", "is out of the allowed range.");
  if (/invalid (input|option|string|email|format)|expected/i.test(message)) return t("no es válido.", "is not valid.");
  return message;
}

function printError(
  e: TimbreError,
  lang: Lang,
  wantsJson: boolean,
  out: NodeJS.WritableStream,
  errOut: NodeJS.WritableStream,
) {
  if (wantsJson) {
    out.write(
      JSON.stringify({ error: { code: e.code, message: e.user.en, messageEs: e.user.es, fields: e.fields } }, null, 2) +
        "\n",
    );
  }
  errOut.write(`timbre: ${e.user[lang]}\n`);
  for (const f of e.fields)
    errOut.write(
      `  - ${f.field}: ${plainFieldMessage(lang === "en" ? (f.messageEn ?? f.message) : f.message, lang)}\n`,
    );
  if (e.detail && process.env.TIMBRE_DEBUG) errOut.write(`  (${e.detail})\n`);
}

export async function main(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  errOut: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const lang = cliLang();
  const t = (es: string, en: string) => (lang === "en" ? en : es);
  const io: CliIO = { err: (line) => errOut.write(line + "\n") };
  if (argv[0] === "--version" || argv[0] === "-v" || argv[0] === "version") {
    out.write(`timbre ${coreVersion()}\n`);
    return 0;
  }
  // `timbre help [words…]` is `timbre [words…] --help`.
  if (argv[0] === "help") argv = [...argv.slice(1), "--help"];
  const words = argv.filter((a) => !a.startsWith("-"));
  // The words before the first flag: only these can be a mistyped subcommand.
  const leading: string[] = [];
  for (const a of argv) {
    if (a.startsWith("-")) break;
    leading.push(a);
  }
  const wantsHelp = argv.includes("--help") || argv.includes("-h");
  const wantsJson = argv.includes("--json");
  const command = findCommand(words);
  if (!command) {
    const group = groupOf(leading);
    if (leading.length === 0 && (argv.length === 0 || wantsHelp)) {
      out.write(overview() + "\n");
      return 0;
    }
    if (group.length > 0) {
      // `timbre courier` or `timbre courier --help`: the group's commands.
      (wantsHelp ? out : errOut).write(groupHelp(leading, group) + "\n");
      return wantsHelp ? 0 : 2;
    }
    const typed = leading.join(" ");
    const names = [...new Set(commands.flatMap((c) => c.path.map((_, i) => c.path.slice(0, i + 1).join(" "))))];
    const near =
      closest(typed, names) ??
      closest(leading.slice(0, 2).join(" "), names) ??
      closest(leading[0] ?? "", [...new Set(commands.map((c) => c.path[0]!))]);
    errOut.write(
      `timbre: ${t(`no existe el comando "${typed}"`, `there is no command "${typed}"`)}${near ? t(`; ¿quiso decir \`timbre ${near}\`?`, `; did you mean \`timbre ${near}\`?`) : "."}\n${t("Vea la lista con `timbre --help`.", "See the list with `timbre --help`.")}\n`,
    );
    return 2;
  }
  // `courier deliveries` is a command and a group: a word after it that is close to one of its
  // subcommands (`courier deliveries asign`) is a typo, not an argument.
  const subcommands = commands.filter(
    (c) => c.path.length === command.path.length + 1 && command.path.every((w, i) => c.path[i] === w),
  );
  const extra = leading[command.path.length];
  if (extra !== undefined && subcommands.length > 0) {
    const near = closest(
      extra,
      subcommands.map((c) => c.path.at(-1)!),
    );
    if (near) {
      errOut.write(
        `timbre: ${t(`no existe el comando "${leading.join(" ")}"; ¿quiso decir \`timbre ${command.path.join(" ")} ${near}\`?`, `there is no command "${leading.join(" ")}"; did you mean \`timbre ${command.path.join(" ")} ${near}\`?`)}\n`,
      );
      return 2;
    }
  }
  try {
    const bad = badCharacters(argv);
    if (bad !== undefined)
      throw new UsageError(
        t(
          "un valor trae caracteres de control o inválidos; revíselo.",
          "a value carries control or invalid characters; check it.",
        ),
      );
    const extraOptions = (await command.loadOptions?.()) ?? {};
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        options: { ...command.options, ...extraOptions, ...GLOBAL_OPTIONS },
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw new UsageError(flagProblem(e, command, lang));
    }
    if (parsed.values.help) {
      out.write(commandHelp(command) + (subcommands.length ? `\n\nSubcomandos:\n${list(subcommands)}` : "") + "\n");
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
    const known = isTimbreError(e) ? e : databaseProblem(e);
    if (known) {
      printError(known, lang, wantsJson, out, errOut);
      return 1;
    }
    errOut.write(
      `timbre: ${t(
        "algo falló por dentro y no se hizo nada más. Vuelva a intentarlo; si se repite, ejecute de nuevo con TIMBRE_DEBUG=1 y envíenos lo que imprime.",
        "something failed inside and nothing more was done. Try again; if it happens again, run it with TIMBRE_DEBUG=1 and send us what it prints.",
      )}\n`,
    );
    if (process.env.TIMBRE_DEBUG) errOut.write(`${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}
