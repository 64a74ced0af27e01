import fc from "fast-check";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../src/cli/commands/index.js";
import { main } from "../../src/cli/main.js";
import { optionHelp } from "../../src/cli/option-help.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";

/**
 * What an operator types wrong: every command and flag given garbage. Whatever happens, the answer
 * is a sentence — never a stack trace, a driver's message or Node's parser text — and garbage never
 * "succeeds".
 */

function sink(): Writable & { text: () => string } {
  let buf = "";
  const w = new Writable({
    write(chunk, _enc, cb) {
      buf += String(chunk);
      cb();
    },
  }) as Writable & { text: () => string };
  w.text = () => buf;
  return w;
}

async function timbre(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await main(argv, out, err);
  return { code, out: out.text(), err: err.text() };
}

/** What must never reach a user: stack frames, driver and Prisma text, Node's own parser wording. */
const LEAKS = [
  /\n\s+at .+\(.+:\d+:\d+\)/,
  /\bat (async )?[\w.<>]+ \(/,
  /invalid input syntax/i,
  /Invalid `prisma/i,
  /PrismaClient/i,
  /RangeError|TypeError|ReferenceError|SyntaxError/,
  /ERR_PARSE_ARGS|Unknown option '|To specify an option argument starting with a dash/,
  /Too small: expected|Invalid input: expected|Expected (string|number), received/,
  /node_modules|\/dist\//,
];

function expectNoLeak(r: { out: string; err: string }) {
  for (const leak of LEAKS) expect(`${r.out}\n${r.err}`).not.toMatch(leak);
}

// Runs one at a time against one database; the commands that serve forever are not for this.
const FUZZED = commands.filter((c) => c.path[0] !== "sii-emulator");

const GARBAGE = [
  "nope",
  "1e-7",
  "-1",
  "NaN",
  "99999999999999999999999",
  "0x10",
  "",
  " ",
  '\'; DROP TABLE "Order"; --',
  "../../../etc/passwd",
  "💥",
  "é".repeat(300),
  "2026-02-30",
  "76.192.083-0",
  "00000000-0000-0000-0000-00000000000g",
];

describe("timbre CLI: help, typos and garbage", () => {
  let db: TestDatabase;
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await db.close();
  });

  it("every option of every command has a sentence in --help", async () => {
    const missing: string[] = [];
    for (const c of commands)
      for (const name of [...Object.keys(c.options), "json", "help"])
        if (!optionHelp(c.path, name)) missing.push(`${c.path.join(" ")} --${name}`);
    expect(missing).toEqual([]);
    const r = await timbre("stock", "move", "--help");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--quantity <valor>\s+Cantidad/);
  });

  it("groups, help, version and typos", async () => {
    const courier = await timbre("courier", "--help");
    expect(courier.code).toBe(0);
    expect(courier.out).toContain("courier zones set");
    expect(courier.out).not.toContain("orders show");
    expect((await timbre("orders", "--help")).out).toContain("orders issue");
    expect((await timbre("help")).out).toContain("Comandos:");
    expect((await timbre("help", "courier")).out).toContain("courier link");
    const version = await timbre("--version");
    expect(version.code).toBe(0);
    expect(version.out).toMatch(/^timbre \d+\.\d+\.\d+\n$/);
    const typo = await timbre("ordrs", "show");
    expect(typo.code).toBe(2);
    expect(typo.err).toContain("¿quiso decir `timbre orders show`?");
    const sub = await timbre("courier", "deliveries", "asign");
    expect(sub.err).toContain("¿quiso decir `timbre courier deliveries assign`?");
    const flag = await timbre("orders", "show", "1001", "--stor", "x");
    expect(flag.code).toBe(2);
    expect(flag.err).toContain("no existe la opción --stor; ¿quiso decir --store?");
    expect((await timbre("caf", "list", "--company")).err).toContain("--company necesita un valor");
    expect((await timbre("store", "list", "--json=si")).err).toContain("--json no lleva valor");
  });

  it("English behind LANG=en, one language per line", async () => {
    const saved = process.env.LANG;
    process.env.LANG = "en_US.UTF-8";
    try {
      expect((await timbre("ordrs")).err).toContain("there is no command");
      const r = await timbre("orders", "show", "1001", "--store", "11111111-1111-4111-8111-111111111111");
      expect(r.err).toMatch(/^timbre: This store has no order 1001\./);
    } finally {
      if (saved === undefined) delete process.env.LANG;
      else process.env.LANG = saved;
    }
  });

  it("a wrong-shaped id and a 1e-7 quantity get a sentence, not a driver error", async () => {
    const store = await timbre("orders", "show", "1001", "--store", "nope");
    expect(store.code).toBe(2);
    expect(store.err).toContain('"nope" no es un id de tienda; los imprime `timbre store list`');
    expectNoLeak(store);
    const qty = await timbre("stock", "move", "--sku", "A", "--kind", "in", "--quantity", "1e-7");
    expect(qty.code).toBe(2);
    expect(qty.err).toContain('--quantity debe ser un número con hasta 6 decimales (p. ej. 2,5), no "1e-7"');
    expectNoLeak(qty);
  });

  it("a missing or mistyped value is said plainly, without the validator's wording", async () => {
    const r = await timbre("courier", "create", "--name", "Pedro", "--phone", "+56 9 1234 5678", "--pin", "2468");
    expect(r.code).toBe(1);
    expect(r.err).toContain("falta (es obligatorio).");
    expectNoLeak(r);
  });

  it("fuzz: garbage for every command's flags never succeeds and never leaks a stack trace", async () => {
    // Each run breaks at least one rule no command accepts (an unknown flag, a missing value, a value
    // on a switch, a control character), and fills the command's real flags with garbage too.
    const breakage = fc.oneof(
      fc.constant(["--no-such-flag"]),
      fc.stringMatching(/^[a-z]{3,8}$/).map((w) => [`--zz${w}`, "x"]),
      fc.constant(["--json=sí"]),
      fc.constant(["--help=1"]),
      fc.constantFrom("\u0000", "\u001b[31m", "\ud800").map((c) => ["--zz", c]),
    );
    const run = fc.record({
      command: fc.constantFrom(...FUZZED),
      values: fc.array(fc.constantFrom(...GARBAGE), { minLength: 1, maxLength: 6 }),
      positional: fc.option(fc.constantFrom(...GARBAGE), { nil: undefined }),
      breakage,
      at: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(run, async ({ command, values, positional, breakage, at }) => {
        const names = Object.entries(command.options);
        const flags = values.flatMap((v, i) => {
          if (names.length === 0) return [];
          const [name, o] = names[(at + i) % names.length]!;
          return o.type === "boolean" ? [`--${name}`] : [`--${name}=${v}`];
        });
        const args = [...flags];
        args.splice(at % (args.length + 1), 0, ...breakage);
        const r = await timbre(...command.path, ...(positional === undefined ? [] : [positional]), ...args);
        expect(r.code, `timbre ${command.path.join(" ")} ${args.join(" ")}\n${r.err}`).not.toBe(0);
        expectNoLeak(r);
        expect(r.err.trim().length).toBeGreaterThan(0);
      }),
      { numRuns: 150, seed: 20261201 },
    );
  });

  it("fuzz: garbage that parses reaches the commands and still gets a sentence", async () => {
    const run = fc.record({
      command: fc.constantFrom(...FUZZED.filter((c) => !["db migrate"].includes(c.path.join(" ")))),
      values: fc.array(fc.constantFrom(...GARBAGE), { minLength: 1, maxLength: 6 }),
      positional: fc.option(fc.constantFrom(...GARBAGE), { nil: undefined }),
      at: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(run, async ({ command, values, positional, at }) => {
        const names = Object.entries(command.options).filter(([n]) => n !== "help");
        const flags = values.flatMap((v, i) => {
          if (names.length === 0) return [];
          const [name, o] = names[(at + i) % names.length]!;
          return o.type === "boolean" ? [`--${name}`] : [`--${name}=${v}`];
        });
        const r = await timbre(...command.path, ...(positional === undefined ? [] : [positional]), ...flags);
        expectNoLeak(r);
        if (r.code !== 0) expect(r.err).toMatch(/^timbre/);
      }),
      { numRuns: 120, seed: 20261202 },
    );
  });
});
