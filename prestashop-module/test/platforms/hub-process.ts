import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createTestDatabase, type TestDatabase } from "@timbre/core/testing/test-database";

const REPO = resolve(import.meta.dirname, "..", "..", "..");

export interface HubProcess {
  url: string;
  /** Where the hub keeps its data and which database it uses (to run more of `timbre` by hand). */
  dataDir: string;
  databaseUrl: string;
  output(): string;
  /** `timbre <args> --json` on the hub's data, as the merchant runs it beside `npm start`; throws with the CLI's words. */
  cli<T = unknown>(...args: string[]): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The hub as `npm start` runs it (scripts/start.mjs: build what changed, then the server with the
 * demo company and its SII sandbox) on a throw-away PostgreSQL database (TEST_DATABASE_URL, default
 * the local one) and data folder, on a free port. Nothing of the hub runs in the test's process:
 * the module reaches it over HTTP and the test over the CLI.
 */
export async function startHubProcess(env: Record<string, string> = {}): Promise<HubProcess> {
  process.env.TEST_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
  const database: TestDatabase = await createTestDatabase({ migrate: false });
  const dataDir = mkdtempSync(join(tmpdir(), "timbre-presta-hub-"));
  const base = { ...process.env, TIMBRE_DATA_DIR: dataDir, DATABASE_URL: database.url, LANG: "es_CL.UTF-8" };
  const child: ChildProcess = spawn(process.execPath, [join(REPO, "scripts", "start.mjs")], {
    cwd: REPO,
    env: { ...base, PORT: "0", HOST: "127.0.0.1", TIMBRE_DEMO: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: stop() ends the build's and the server's processes, nothing else.
    detached: true,
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((done, fail) => {
    // A cold build of the server on a loaded machine takes minutes.
    const timer = setTimeout(() => fail(new Error(`the hub did not start in 8 min:\n${out.slice(-4000)}`)), 480_000);
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
  const cli = <T>(...args: string[]) =>
    new Promise<T>((done, fail) => {
      const p = spawn(process.execPath, [join(REPO, "core", "bin", "timbre.mjs"), ...args, "--json"], {
        cwd: REPO,
        env: base,
      });
      let o = "";
      let e = "";
      p.stdout.on("data", (d: Buffer) => (o += d.toString()));
      p.stderr.on("data", (d: Buffer) => (e += d.toString()));
      p.on("close", (code) => {
        if (code !== 0) return fail(new Error(`timbre ${args.join(" ")} → ${code}: ${e || o}`));
        try {
          done(JSON.parse(o) as T);
        } catch {
          fail(new Error(`timbre ${args.join(" ")} printed no JSON: ${o}${e}`));
        }
      });
    });
  return {
    url,
    dataDir,
    databaseUrl: database.url,
    output: () => out,
    cli,
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once("exit", r));
        process.kill(-child.pid, "SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
        if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
      }
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
