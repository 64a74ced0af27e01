import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

/**
 * One real Magento 2.4.7 per run (setup-magento.sh, ~1 min), with the Timbre_Chile module installed
 * from dist/ exactly as a merchant would (copy app/code, module:enable, setup:upgrade). Every test
 * file reuses it. MAGENTO_E2E_ENV=<magento.env> reuses a shop that already has the module.
 */
const here = resolve(import.meta.dirname, "..", "..", "..");
const kit = process.env.TIMBRE_PLATFORMS_DIR ?? join(here, "..", "..", "shared", "platforms");

declare module "vitest" {
  export interface ProvidedContext {
    magentoEnv: Record<string, string>;
    magentoTimings: Record<string, number>;
  }
}

export function readEnv(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1).trim()]),
  );
}

function run(cmd: string, args: string[], cwd?: string): number {
  const t = Date.now();
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      http_proxy: "http://127.0.0.1:9",
      https_proxy: "http://127.0.0.1:9",
      no_proxy: "127.0.0.1,localhost",
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${(r.stderr || r.stdout).slice(-3000)}`);
  return (Date.now() - t) / 1000;
}

export default function setup(project: TestProject): () => void {
  const timings: Record<string, number> = {};
  if (process.env.MAGENTO_E2E_ENV) {
    project.provide("magentoEnv", readEnv(process.env.MAGENTO_E2E_ENV));
    project.provide("magentoTimings", timings);
    return () => {};
  }
  const port = process.env.MAGENTO_E2E_PORT ?? "47513";
  const dir = `/tmp/timbre-magento-e2e-${port}`;
  timings.setupShop = run("bash", [join(kit, "setup-magento.sh"), port, dir]);
  const env = readEnv(join(dir, "magento.env"));
  const site = join(dir, "site");
  const built = join(here, "dist", "app", "code", "Timbre", "Chile");
  if (!existsSync(join(built, "registration.php"))) throw new Error(`${built} is missing: run npm run build first`);
  const t = Date.now();
  cpSync(join(here, "dist", "app", "code"), join(site, "app", "code"), { recursive: true });
  const magento = ["-d", "memory_limit=2G", join(site, "bin", "magento")];
  run("php", [...magento, "module:enable", "Timbre_Chile"], site);
  run("php", [...magento, "setup:upgrade"], site);
  timings.installModule = (Date.now() - t) / 1000;
  project.provide("magentoEnv", env);
  project.provide("magentoTimings", timings);
  return () => {
    spawnSync(env.MAGENTO_STOP ?? join(dir, "stop.sh"));
  };
}
