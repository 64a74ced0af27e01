// `npm test`: every workspace's tests through turbo, then one closing line adding them up
// (each workspace's summary reporter leaves its counts in .vitest-summary.json).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const task = process.argv[2] ?? "test";
const root = join(import.meta.dirname, "..");
const workspaces = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).workspaces;
const dirs = workspaces.flatMap((w) => {
  if (!w.endsWith("/*")) return [join(root, w)];
  const base = join(root, w.slice(0, -2));
  // Only folders with a package.json are workspaces (extensions/ also holds shared files).
  return existsSync(base)
    ? readdirSync(base, { withFileTypes: true })
        .filter((e) => e.isDirectory() && existsSync(join(base, e.name, "package.json")))
        .map((e) => join(base, e.name))
    : [];
});
for (const d of dirs) rmSync(join(d, ".vitest-summary.json"), { force: true });

// TIMBRE_TEST_ONLY=1 (set by .ci/run once everything is built): run the suites without their build
// dependencies, so suites running side by side never rebuild (and regenerate Prisma's client) under
// each other.
const only = process.env.TIMBRE_TEST_ONLY === "1" ? ["--only"] : [];
const run = spawnSync("npx", ["turbo", "run", task, "--concurrency=1", "--continue", ...only], {
  stdio: "inherit",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
});

let passed = 0;
let failed = 0;
let skipped = 0;
for (const d of dirs) {
  const f = join(d, ".vitest-summary.json");
  if (!existsSync(f)) continue;
  const s = JSON.parse(readFileSync(f, "utf8"));
  passed += s.passed;
  failed += s.failed;
  skipped += s.skipped;
}
// A workspace that crashed before its reporter ran still fails the run through turbo's exit code.
if (run.status !== 0 && failed === 0) failed = 1;
process.stdout.write(`\ntotal: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(run.status ?? 1);
