import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

const CORE = join(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** A child process we can kill -9, freeze and start again on the same arguments. */
export interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  output(): string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
  freeze(): void;
  thaw(): void;
}

function launch(name: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<Proc> {
  const child = spawn(process.execPath, args, {
    cwd: CORE,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  // Keep the tail only: the hub logs every request.
  const keep = (d: Buffer) => void (out = (out + d.toString()).slice(-200_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const proc: Proc = {
    name,
    child,
    output: () => out,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGCONT");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
    freeze: () => void child.kill("SIGSTOP"),
    thaw: () => void child.kill("SIGCONT"),
  };
  return new Promise<Proc>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out}`)), 90_000);
    const look = () => {
      if (ready.test(out)) {
        clearTimeout(timer);
        child.stdout!.off("data", look);
        child.stderr!.off("data", look);
        resolve(proc);
      }
    };
    child.stdout!.on("data", look);
    child.stderr!.on("data", look);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready:\n${out}`));
    });
  });
}

/** `npx timbre sii-emulator` on a fixed port, remembering what it received in `journal` across kills. */
export function startSiiProcess(o: { port: number; dataDir: string; journal: string; stepMs: number }): Promise<Proc> {
  return launch(
    "sii-emulator",
    [
      join(CORE, "bin/timbre.mjs"),
      "sii-emulator",
      "--port",
      String(o.port),
      "--step-ms",
      String(o.stepMs),
      "--journal",
      o.journal,
    ],
    { TIMBRE_DATA_DIR: o.dataDir },
    /SII emulator listening/,
  );
}

/** The hub (test/chaos/hub-process.ts) on a fixed port, its demo company and the SII emulator. */
export function startHubProcess(env: Record<string, string>): Promise<Proc> {
  return launch(
    "hub",
    ["--import", "tsx", join(CORE, "test/chaos/hub-process.ts")],
    { TIMBRE_DEMO: "1", HOST: "127.0.0.1", TIMBRE_LOG_LEVEL: "warn", ...env },
    /hub en http/,
  );
}
