import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { unzipSync } from "fflate";
import { promisify } from "node:util";

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, "..", "..", "..");

/**
 * The real PrestaShop 8.1 of ../shared/platforms (or TIMBRE_PLATFORMS_DIR). Says plainly what is
 * missing instead of failing somewhere inside.
 */
export function platformsDir(): string {
  const dir = process.env.TIMBRE_PLATFORMS_DIR ?? join(REPO, "..", "shared", "platforms");
  const need = ["setup-presta.sh", "prestashop-8.1.2.tar.zst"].map((f) => join(dir, f));
  const missing = need.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new Error(
      `npm run test:platforms needs the real PrestaShop 8.1 (PHP 8.2, MariaDB): missing ${missing.join(", ")}. ` +
        `Put the shared platforms folder at ${join(REPO, "..", "shared", "platforms")} or set TIMBRE_PLATFORMS_DIR.`,
    );
  }
  for (const tool of ["php", "mysql"]) {
    try {
      execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
    } catch {
      throw new Error(`npm run test:platforms needs ${tool} on the PATH (Debian: php-cli, mariadb-server).`);
    }
  }
  return dir;
}

export interface ShopEnv {
  PS_URL: string;
  PS_API: string;
  PS_WS_KEY: string;
  PS_DB: string;
  PS_DIR: string;
  PS_STOP: string;
}

/**
 * A fresh shop from setup-presta.sh (about 20 s on an idle machine). TIMBRE_PRESTA_ENV=<presta.env>
 * reuses a shop already running instead (while developing: the suite changes its data).
 */
export async function startShop(port: number): Promise<ShopEnv> {
  const reuse = process.env.TIMBRE_PRESTA_ENV;
  const dir = reuse ? "" : platformsDir();
  const target = reuse ? dirname(reuse) : `/tmp/timbre-presta-e2e-${port}`;
  // Honest headroom: on a loaded machine the installer takes minutes.
  if (!reuse) await run(join(dir, "setup-presta.sh"), [String(port), target], { maxBuffer: 1 << 24, timeout: 600_000 });
  const env = Object.fromEntries(
    readFileSync(join(target, "presta.env"), "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  return env as unknown as ShopEnv;
}

export async function stopShop(env: ShopEnv | undefined): Promise<void> {
  if (env && !process.env.TIMBRE_PRESTA_ENV) await run(env.PS_STOP, []).catch(() => undefined);
}

/** Runs PHP inside the shop (its config loaded), as the back office would; returns stdout. */
export async function shopPhp(env: ShopEnv, code: string): Promise<string> {
  const site = join(env.PS_DIR, "site");
  const script = `$_SERVER['REQUEST_METHOD']='GET'; $_SERVER['HTTP_HOST']='${new URL(env.PS_URL).host}';
    require '${site}/config/config.inc.php'; $ctx = Context::getContext(); $ctx->employee = new Employee(1);
    $ctx->currency = Currency::getDefaultCurrency(); $ctx->language = new Language((int) Configuration::get('PS_LANG_DEFAULT'));
    ${code}`;
  const { stdout } = await run("php", ["-d", "memory_limit=512M", "-r", script], { cwd: site, maxBuffer: 1 << 24 });
  return stdout;
}

export async function console(env: ShopEnv, ...args: string[]): Promise<string> {
  const { stdout } = await run("php", ["-d", "memory_limit=1G", "bin/console", ...args], {
    cwd: join(env.PS_DIR, "site"),
    maxBuffer: 1 << 24,
  });
  return stdout;
}

export async function sql(env: ShopEnv, query: string): Promise<string[][]> {
  const { stdout } = await run("mysql", ["-uroot", "-N", "-B", env.PS_DB, "-e", query]);
  return stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split("\t"));
}

/** The module zip `npm run build` made, unpacked into the shop and installed as a merchant would. */
export async function installZip(env: ShopEnv): Promise<void> {
  const zip = join(REPO, "prestashop-module", "dist", "timbre.zip");
  if (!existsSync(zip)) throw new Error(`${zip} is missing: run npm run build first`);
  const modules = join(env.PS_DIR, "site", "modules");
  await run("rm", ["-rf", join(modules, "timbre")]);
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zip)))) {
    if (name.endsWith("/")) continue;
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    writeFileSync(join(modules, name), bytes);
  }
  const out = await console(env, "prestashop:module", "install", "timbre");
  if (!/succeeded/.test(out)) throw new Error(`module install: ${out}`);
}
