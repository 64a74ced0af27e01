import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { TimbreError } from "../../errors.js";
import type { HubConfig } from "../config.js";
import { publishPort, releaseLock, tryLock, waitForPort } from "./embedded-lock.js";
import { startEmbeddedServer } from "./embedded-server.js";

export interface DatabaseHandle {
  url: string;
  /** "postgres": a server from DATABASE_URL; "embedded": PGlite under the data folder. */
  kind: "postgres" | "embedded";
  /** Whether this process opened the embedded database (and must close it). */
  owner: boolean;
  close(): Promise<void>;
}

const WAIT_MS = 30_000;

/**
 * The hub and the CLI share one database. With DATABASE_URL that is simply the server. Embedded,
 * the first process to arrive opens PGlite and serves it on loopback; a CLI run while the hub is up
 * connects to the hub's socket, and a hub started during a CLI run waits for it to finish.
 */
export async function openDatabase(
  config: Pick<HubConfig, "databaseUrl" | "dataDir">,
  role: "hub" | "cli",
): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, kind: "postgres", owner: false, close: async () => {} };
  }
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const lock = await tryLock(config.dataDir, role);
    if (lock.held) return openOwned(config.dataDir, role);
    const { owner } = lock;
    if (owner.role === "hub" && role === "hub") {
      throw new TimbreError(
        "db.already_served",
        {
          es: `Ya hay un hub usando ${config.dataDir} (proceso ${owner.pid}). Deténgalo o use otra carpeta con TIMBRE_DATA_DIR.`,
          en: `Another hub is already using ${config.dataDir} (process ${owner.pid}). Stop it or use another folder with TIMBRE_DATA_DIR.`,
        },
        { kind: "conflict" },
      );
    }
    if (owner.role === "hub") {
      const live = await waitForPort(config.dataDir, 10_000);
      if (live?.port) {
        return {
          url: `postgresql://postgres:postgres@127.0.0.1:${live.port}/postgres`,
          kind: "embedded",
          owner: false,
          close: async () => {},
        };
      }
    }
    // A short-lived CLI run holds it: wait our turn rather than lean on a process about to exit.
    if (Date.now() > deadline) {
      throw new TimbreError(
        "db.busy",
        {
          es: `La base de datos local está ocupada por el proceso ${owner.pid}. Inténtelo de nuevo.`,
          en: `The local database is busy (held by process ${owner.pid}). Try again.`,
        },
        { kind: "conflict" },
      );
    }
    await sleep(150);
  }
}

async function openOwned(dataDir: string, role: "hub" | "cli"): Promise<DatabaseHandle> {
  const onExit = () => releaseLock(dataDir);
  process.once("exit", onExit);
  try {
    const server = await startEmbeddedServer({ dataDir: join(dataDir, "pglite") });
    publishPort(dataDir, role, server.port);
    return {
      url: server.url,
      kind: "embedded",
      owner: true,
      async close() {
        await server.close();
        releaseLock(dataDir);
        process.off("exit", onExit);
      },
    };
  } catch (cause) {
    releaseLock(dataDir);
    process.off("exit", onExit);
    throw new TimbreError(
      "db.embedded_failed",
      {
        es: `No se pudo abrir la base de datos local en ${dataDir}.`,
        en: `Could not open the local database in ${dataDir}.`,
      },
      { kind: "internal", detail: String(cause), cause },
    );
  }
}
