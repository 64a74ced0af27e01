// `npm start`: build what changed (turbo caches the rest), then run the hub with the demo unless told
// otherwise (TIMBRE_DEMO=0).
import { spawnSync } from "node:child_process";

process.env.TIMBRE_DEMO ??= "1";
process.env.TURBO_TELEMETRY_DISABLED = "1";
process.env.DO_NOT_TRACK = "1";
const build = spawnSync(
  "npx",
  ["turbo", "run", "build", "--filter=@timbre/shopify-app...", "--output-logs=errors-only"],
  {
    stdio: "inherit",
  },
);
if (build.status !== 0) {
  console.error("npm start: the build failed; see the errors above.");
  process.exit(build.status ?? 1);
}
await import("../shopify-app/dist/server.js");
