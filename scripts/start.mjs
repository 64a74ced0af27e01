// `npm start`: build what changed (turbo caches the rest), then run the hub with the demo unless told
// otherwise (TIMBRE_DEMO=0).
import { spawnSync } from "node:child_process";

process.env.TIMBRE_DEMO ??= "1";
process.env.TURBO_TELEMETRY_DISABLED = "1";
process.env.DO_NOT_TRACK = "1";
// The database the hub runs on is not an input of the build: without it in the environment, a hub
// started on a test database finds the build already cached instead of rebuilding core (and
// regenerating Prisma's client) under suites running beside it. TIMBRE_TEST_ONLY=1: CI built it all.
const { DATABASE_URL: _db, ...buildEnv } = process.env;
const build =
  process.env.TIMBRE_TEST_ONLY === "1"
    ? { status: 0 }
    : spawnSync("npx", ["turbo", "run", "build", "--filter=@timbre/shopify-app...", "--output-logs=errors-only"], {
        stdio: "inherit",
        env: buildEnv,
      });
if (build.status !== 0) {
  console.error("npm start: the build failed; see the errors above.");
  process.exit(build.status ?? 1);
}
await import("../shopify-app/dist/server.js");
