import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@timbre/core/testing/test-database";

export interface RunningServer {
  url: string;
  /** Pass both to startServer to restart on the same data. */
  dataDir: string;
  database: TestDatabase | undefined;
  output: () => string;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * Runs the built hub (src/server.ts) as `npm start` does, on a free port and a fresh data folder, or
 * on a throw-away PostgreSQL database when TEST_DATABASE_URL is set.
 */
export async function startServer(
  options: { env?: Record<string, string>; reuse?: Pick<RunningServer, "dataDir" | "database"> } = {},
): Promise<RunningServer> {
  const dataDir = options.reuse?.dataDir ?? mkdtempSync(join(tmpdir(), "timbre-hub-"));
  let database = options.reuse?.database;
  if (!options.reuse && process.env.TEST_DATABASE_URL) database = await createTestDatabase({ migrate: false });
  const child: ChildProcess = spawn(process.execPath, [join(import.meta.dirname, "../dist/server.js")], {
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      TIMBRE_DATA_DIR: dataDir,
      TIMBRE_DEMO: "1",
      DATABASE_URL: database?.url ?? "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${out}`)), 60_000);
    child.stdout!.on("data", () => {
      const m = /hub en (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace("localhost", "127.0.0.1"));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    dataDir,
    database,
    output: () => out,
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      if (!keepData) await database?.close();
    },
  };
}

/** Runs the `timbre` CLI on the server's data, as a merchant would next to `npm start`. */
export function timbre(args: string[], server: Pick<RunningServer, "dataDir" | "database">): string {
  return execFileSync(process.execPath, [join(import.meta.dirname, "../../core/bin/timbre.mjs"), ...args], {
    encoding: "utf8",
    env: { ...process.env, TIMBRE_DATA_DIR: server.dataDir, DATABASE_URL: server.database?.url ?? "" },
  });
}
