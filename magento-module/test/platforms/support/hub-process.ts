import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createTestDatabase, type TestDatabase } from "@timbre/core/testing/test-database";

const repo = resolve(import.meta.dirname, "..", "..", "..", "..");

export interface HubProcess {
  url: string;
  dataDir: string;
  database: TestDatabase;
  output(): string;
  /** Runs the `timbre` CLI on the hub's data, as the merchant does next to `npm start`. */
  timbre(...args: string[]): Promise<{ code: number; out: string; err: string }>;
  /** The same, with `--json`, parsed; throws with the CLI's words when it fails. */
  json<T = Record<string, unknown>>(...args: string[]): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The hub as `npm start` runs it (scripts/start.mjs: build what changed, then the server with the
 * demo company and its SII sandbox), on a throw-away PostgreSQL database and data folder, on a free
 * port. Nothing of the hub runs in the test's own process.
 */
export async function startHubProcess(env: Record<string, string> = {}): Promise<HubProcess> {
  process.env.TEST_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
  const database = await createTestDatabase({ migrate: false });
  const dataDir = mkdtempSync(join(tmpdir(), "timbre-magento-hub-"));
  const base = { ...process.env, TIMBRE_DATA_DIR: dataDir, DATABASE_URL: database.url, LANG: "es_CL.UTF-8" };
  const child: ChildProcess = spawn(process.execPath, [join(repo, "scripts", "start.mjs")], {
    cwd: repo,
    env: { ...base, PORT: "0", HOST: "127.0.0.1", TIMBRE_DEMO: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the hub did not start in 10 min:\n${out.slice(-4000)}`)), 600_000);
    child.stdout!.on("data", () => {
      const m = /hub en (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        done(m[1]!.replace("localhost", "127.0.0.1"));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`the hub exited with ${code}:\n${out.slice(-4000)}`));
    });
  });
  const timbre = (...args: string[]) =>
    new Promise<{ code: number; out: string; err: string }>((done) => {
      const p = spawn(process.execPath, [join(repo, "core", "bin", "timbre.mjs"), ...args], { env: base });
      let o = "";
      let e = "";
      p.stdout.on("data", (d) => (o += d));
      p.stderr.on("data", (d) => (e += d));
      p.on("close", (code) => done({ code: code ?? 1, out: o, err: e }));
    });
  return {
    url,
    dataDir,
    database,
    output: () => out,
    timbre,
    async json<T>(...args: string[]) {
      const r = await timbre(...args, "--json");
      if (r.code !== 0) throw new Error(`timbre ${args.join(" ")} → ${r.code}: ${r.err || r.out}`);
      return JSON.parse(r.out) as T;
    },
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once("exit", r));
        process.kill(-child.pid, "SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      }
      await database.close();
    },
  };
}

/** Asks until `probe` gives a value (not undefined) or `ms` pass; says what it waited for. */
export async function eventually<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms / 1000} s waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
