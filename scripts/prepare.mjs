// Runs after `npm ci` / `npm install`: builds the core so `npx timbre` works right away.
import { spawnSync } from "node:child_process";

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
const r = spawnSync("npx", ["turbo", "run", "build", "--filter=@timbre/core", "--output-logs=errors-only"], {
  stdio: "inherit",
  env,
});
process.exit(r.status ?? 1);
