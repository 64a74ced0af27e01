import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * The real shop and a real hub for the WooCommerce suite: setup-woo.sh (WordPress 6.8 +
 * WooCommerce 10.2 on PHP 8.2 and MariaDB), our zip installed as WordPress would unpack it, the
 * three constants in wp-config.php, the hub as its own process (stoppable), and the operator CLI.
 */
export const WORKSPACE = resolve(import.meta.dirname, "..", "..", "..");
export const REPO = resolve(WORKSPACE, "..");
export const PLATFORMS = process.env.TIMBRE_PLATFORMS_DIR ?? join(REPO, "..", "shared", "platforms");
const ZIP = join(WORKSPACE, "dist", "timbre-woocommerce.zip");
const TIMBRE = join(REPO, "core", "bin", "timbre.mjs");
const SERVER = join(REPO, "shopify-app", "dist", "server.js");

export interface Shop {
  url: string;
  rest: string;
  storeApi: string;
  ck: string;
  cs: string;
  dir: string;
  db: string;
  hpos: string;
  stop(): void;
}

export async function setupShop(port: number, hpos: boolean): Promise<Shop> {
  const dir = mkdtempSync(join(tmpdir(), `timbre-woo-${port}-`));
  try {
    await promisify(execFile)(join(PLATFORMS, "setup-woo.sh"), [String(port), join(dir, "shop")], {
      encoding: "utf8",
      env: { ...process.env, WOO_HPOS: hpos ? "1" : "0", WOO_WORKERS: "3" },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    const x = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`setup-woo.sh failed: ${x.message}\n${x.stderr ?? ""}\n${x.stdout ?? ""}`);
  }
  const env = Object.fromEntries(
    readFileSync(join(dir, "shop", "woo.env"), "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  return {
    url: env.WOO_URL!,
    rest: env.WOO_REST!,
    storeApi: env.WOO_STORE_API!,
    ck: env.WOO_CK!,
    cs: env.WOO_CS!,
    dir: join(dir, "shop"),
    db: env.WOO_DB!,
    hpos: env.WOO_HPOS ?? "",
    stop: () => {
      spawnSync(env.WOO_STOP!, [], { stdio: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function wpCli(shop: Shop, ...args: string[]): string {
  const r = spawnSync(
    "php",
    [join(WORKSPACE, "test", "platforms", "support", "wp-cli.php"), join(shop.dir, "site"), shop.url, ...args],
    {
      encoding: "utf8",
    },
  );
  if (r.status !== 0) throw new Error(`wp-cli ${args.join(" ")}: ${r.stderr}${r.stdout}`);
  return r.stdout.trim();
}

/** Installs the built zip the way WordPress does (unpacked into wp-content/plugins) and activates it. */
export function installPlugin(shop: Shop): void {
  if (!existsSync(ZIP)) throw new Error(`${ZIP} is missing: run npm run build`);
  const plugins = join(shop.dir, "site", "wp-content", "plugins");
  const r = spawnSync("php", [
    "-r",
    `$z = new ZipArchive(); if ($z->open($argv[1]) !== true) exit(1); $z->extractTo($argv[2]); $z->close();`,
    ZIP,
    plugins,
  ]);
  if (r.status !== 0) throw new Error(`could not unpack ${ZIP}: ${r.stderr}`);
  const out = JSON.parse(wpCli(shop, "activate", "timbre-woocommerce/timbre-woocommerce.php")) as { active: boolean };
  if (!out.active) throw new Error("the plugin did not activate");
}

export function setConstants(shop: Shop, hubUrl: string, apiKey: string, secret: string): void {
  const file = join(shop.dir, "site", "wp-config.php");
  const php = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  const text = readFileSync(file, "utf8").replace(
    "require_once ABSPATH . 'wp-settings.php';",
    `define( 'TIMBRE_HUB_URL', ${php(hubUrl)} ); define( 'TIMBRE_API_KEY', ${php(apiKey)} ); define( 'TIMBRE_SECRET', ${php(secret)} );\nrequire_once ABSPATH . 'wp-settings.php';`,
  );
  writeFileSync(file, text);
}

export function wpEval<T>(shop: Shop, code: string): T {
  return JSON.parse(wpCli(shop, "eval", code)) as T;
}

export interface HubProc {
  url: string;
  databaseUrl: string | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
  cli<T = unknown>(...args: string[]): T;
}

/**
 * Builds what `npm start` builds (turbo, cached when nothing changed): the hosted server and the
 * plugin zip it depends on.
 */
export function buildLikeNpmStart(): void {
  // .ci/run built everything before starting suites side by side (a build here would rewrite what they run).
  if (process.env.TIMBRE_TEST_ONLY === "1") return;
  const r = spawnSync(
    "npx",
    ["turbo", "run", "build", "--filter=@timbre/shopify-app...", "--output-logs=errors-only"],
    { cwd: REPO, encoding: "utf8", env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" } },
  );
  if (r.status !== 0) throw new Error(`the build npm start runs failed:\n${r.stdout}${r.stderr}`);
}

/**
 * The hosted hub exactly as `npm start` runs it once built (shopify-app/dist/server.js with the
 * demo company, its certificate, test CAFs and SII sandbox), on a test database, as its own process
 * so a test can stop it and start it again on the same data. The database outlives the process.
 */
export function hubProcess(port: number, databaseUrl: string | undefined, dataDir: string): HubProc {
  let child: ChildProcess | undefined;
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string | undefined> = {
    ...process.env,
    TIMBRE_DEMO: "1", // what scripts/start.mjs sets
    PORT: String(port),
    HOST: "127.0.0.1",
    TIMBRE_DATA_DIR: dataDir,
    TIMBRE_PUBLIC_URL: url,
    TIMBRE_ENV: "development",
  };
  // Without a server database the hub keeps the embedded one in dataDir (the CLI reaches it there).
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  return {
    url,
    databaseUrl,
    async start() {
      child = spawn(process.execPath, [SERVER], { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
      let log = "";
      await new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`hub did not start:\n${log}`)), 150_000);
        child!.stdout!.on("data", (d: Buffer) => {
          log += d.toString();
          // The start banner npm start prints once the server listens.
          if (log.includes(`hub en http://localhost:${port}`)) {
            clearTimeout(timer);
            ok();
          }
        });
        child!.stderr!.on("data", (d: Buffer) => (log += d.toString()));
        child!.on("exit", (code) => {
          clearTimeout(timer);
          fail(new Error(`hub exited (${code}):\n${log}`));
        });
      });
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      const c = child;
      await new Promise<void>((ok) => {
        c.once("exit", () => ok());
        c.kill("SIGTERM");
        setTimeout(() => c.kill("SIGKILL"), 10_000).unref();
      });
    },
    cli<T>(...args: string[]): T {
      const r = spawnSync(process.execPath, [TIMBRE, ...args, "--json"], { encoding: "utf8", env, cwd: REPO });
      if (r.status !== 0) throw new Error(`timbre ${args.join(" ")} failed (${r.status}):\n${r.stderr}${r.stdout}`);
      return JSON.parse(r.stdout) as T;
    },
  };
}

/** A JSON call to the shop's REST v3 API (the merchant's side) or Store API (the shopper's side). */
export async function call<T = unknown>(
  url: string,
  init: { method?: string; body?: unknown; auth?: Shop; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const headers: Record<string, string> = { "content-type": "application/json", ...init.headers };
  if (init.auth) headers.authorization = `Basic ${Buffer.from(`${init.auth.ck}:${init.auth.cs}`).toString("base64")}`;
  const r = await fetch(url, {
    method: init.method ?? "GET",
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T, headers: r.headers };
}

/** What WP-Cron would do: run the shop's due Action Scheduler actions. */
export async function runQueue(shop: Shop): Promise<number> {
  const r = await call<{ processed: number }>(`${shop.url}/wp-json/wc-realwoo/v1/run-queue`, {
    method: "POST",
    auth: shop,
    body: {},
  });
  return r.body.processed;
}

export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 700));
  }
}

/**
 * A browser's view of wp-admin for the connection flow: signs in as the shop's admin and keeps the
 * cookies; redirects are returned, not followed, so each hop (shop → hub → shop) is checked.
 */
export interface Browser {
  get(url: string): Promise<{ status: number; location: string | null; text: string }>;
  post(url: string, form: Record<string, string>): Promise<{ status: number; location: string | null; text: string }>;
}

export async function adminBrowser(shop: Shop, user = "admin", password = "admin-password"): Promise<Browser> {
  const jar = new Map<string, string>([["wordpress_test_cookie", "WP Cookie check"]]);
  const keep = (h: Headers) => {
    for (const c of h.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (value === "deleted" || /expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
  };
  const send = async (url: string, init: RequestInit) => {
    const sameShop = url.startsWith(shop.url);
    const r = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: {
        ...(init.headers as Record<string, string> | undefined),
        ...(sameShop ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") } : {}),
      },
    });
    if (sameShop) keep(r.headers);
    return { status: r.status, location: r.headers.get("location"), text: await r.text() };
  };
  const browser: Browser = {
    get: (url) => send(url, { method: "GET" }),
    post: (url, form) =>
      send(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form).toString(),
      }),
  };
  const login = await browser.post(`${shop.url}/wp-login.php`, {
    log: user,
    pwd: password,
    "wp-submit": "Log In",
    redirect_to: `${shop.url}/wp-admin/`,
    testcookie: "1",
  });
  if (login.status !== 302) throw new Error(`wp-login refused the admin (${login.status})`);
  // A new shop's first admin visit is sent once to WooCommerce's welcome screen; have it done.
  const first = await browser.get(`${shop.url}/wp-admin/`);
  if (first.location?.includes("page=wc-admin")) await browser.get(first.location);
  return browser;
}

/** The hidden inputs of the first form in `html` (name → value). */
export function formFields(html: string): Record<string, string> {
  const form = /<form[\s\S]*?<\/form>/i.exec(html)?.[0] ?? "";
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? "";
    if (name)
      out[name] = value
        .replace(/&amp;/g, "&")
        .replace(/&quot;/g, '"')
        .replace(/&#0?39;/g, "'")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">");
  }
  return out;
}
