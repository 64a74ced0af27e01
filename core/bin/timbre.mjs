#!/usr/bin/env node
// The `timbre` command. Runs the compiled CLI; `npm ci` builds it (root prepare script).
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/run.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("timbre: the CLI is not built yet. Run `npm run build` (or `npm ci`) at the repository root.\n");
  process.exit(1);
}
await import(entry.href);
