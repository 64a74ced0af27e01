import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";

const repo = join(import.meta.dirname, "../../..");
const check = (root: string) =>
  spawnSync(process.execPath, [join(repo, "scripts/check-layers.mjs"), root], { encoding: "utf8" });

/** A throw-away tree with the repository's layout, holding the files given. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "timbre-layers-"));
  // A stand-in @prisma/client, resolved inside the tree as the real one is in the repository.
  mkdirSync(join(root, "node_modules/@prisma/client"), { recursive: true });
  writeFileSync(
    join(root, "node_modules/@prisma/client/package.json"),
    JSON.stringify({ name: "@prisma/client", version: "6.19.3", types: "index.d.ts", main: "index.js" }),
  );
  writeFileSync(join(root, "node_modules/@prisma/client/index.d.ts"), "export interface Order { id: string }\n");
  writeFileSync(join(root, "node_modules/@prisma/client/index.js"), "module.exports = {};\n");
  writeFileSync(
    join(root, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true } }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("the layering check (npm run lint)", () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it("passes on the repository as it is", () => {
    const r = check(repo);
    expect(r.stdout, r.stderr).toMatch(/layering: 0 violation\(s\)/);
    expect(r.status).toBe(0);
  }, 120_000);

  it("fails on each planted violation, naming the rule and the files", () => {
    const root = tree({
      "core/src/rules/reads-files.ts": `import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n`,
      "core/src/rules/uses-hub.ts": `import { y } from "../hub/orders/place.js";\nexport const z = y;\n`,
      "core/src/hub/orders/place.ts": `import { route } from "../api/routes/orders.js";\nexport const y = route;\n`,
      "core/src/hub/api/routes/orders.ts": `export const route = 1;\n`,
      "core/src/hub/stock/a.ts": `import { b } from "./b.js";\nexport const a = () => b;\n`,
      "core/src/hub/stock/b.ts": `import { a } from "./a.js";\nexport const b = () => a;\n`,
      "jumpseller-app/src/orders/save.ts": `import type { Order } from "@prisma/client";\nexport type O = Order;\n`,
      "core/src/rules/clean.ts": `import { createHash } from "node:crypto";\nexport const h = createHash;\n`,
    });
    roots.push(root);
    const r = check(root);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("rules-no-io: core/src/rules/reads-files.ts → fs");
    expect(r.stdout).toContain("rules-stay-pure: core/src/rules/uses-hub.ts → core/src/hub/orders/place.ts");
    expect(r.stdout).toContain("use-cases-not-api: core/src/hub/orders/place.ts → core/src/hub/api/routes/orders.ts");
    expect(r.stdout).toMatch(/no-cycle: core\/src\/hub\/stock\/[ab]\.ts → core\/src\/hub\/stock\/[ab]\.ts/);
    expect(r.stdout).toContain("platforms-not-prisma: jumpseller-app/src/orders/save.ts → node_modules/@prisma/client");
    expect(r.stdout).not.toContain("clean.ts");
  }, 120_000);

  it("lints a platform file that takes the hub's Db, and a bare console call in the hub", async () => {
    const eslint = new ESLint({ cwd: repo });
    const [platform] = await eslint.lintText(
      `import type { Db } from "@timbre/core/hub";\nexport const f = (db: Db) => db;\n`,
      { filePath: join(repo, "jumpseller-app/src/planted.ts") },
    );
    expect(platform!.messages.map((m) => m.ruleId)).toContain("no-restricted-imports");
    const [hub] = await eslint.lintText(`export const f = () => console.log("hi");\n`, {
      filePath: join(repo, "core/src/hub/planted.ts"),
    });
    expect(hub!.messages.map((m) => m.ruleId)).toContain("no-console");
    const [cli] = await eslint.lintText(`export const f = () => console.log("hi");\n`, {
      filePath: join(repo, "core/src/cli/planted.ts"),
    });
    expect(cli!.messages.map((m) => m.ruleId)).not.toContain("no-console");
  }, 120_000);
});
