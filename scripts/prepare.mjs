// Runs after `npm ci` / `npm install`: builds the core so `npx timbre` works right away.
import { spawnSync } from "node:child_process";

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", env }).status ?? 1;
// Prisma's client lives in node_modules, which turbo's cache does not restore: a cache hit on core's
// build (another checkout of the same repository, a git worktree) would leave the stub that throws
// "did not initialize yet", so it is generated here every time.
const generated = run("npm", ["--workspace", "@timbre/core", "run", "generate", "--silent"]);
if (generated !== 0) process.exit(generated);
process.exit(run("npx", ["turbo", "run", "build", "--filter=@timbre/core", "--output-logs=errors-only"]));
