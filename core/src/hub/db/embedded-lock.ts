import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { TimbreError } from "../../errors.js";

/**
 * Embedded PGlite admits one process. The process that opens it (the hub, or a CLI run while no hub
 * is up) records itself in `.data/pglite.lock`; the others connect through its socket instead.
 */
export interface LockOwner {
  pid: number;
  role: "hub" | "cli";
  /** Socket port, written once the server is listening. */
  port?: number;
}

export type LockState = { held: true } | { held: false; owner: LockOwner };

function lockPath(dataDir: string): string {
  return join(dataDir, "pglite.lock");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(dataDir: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(lockPath(dataDir), "utf8")) as LockOwner;
    return typeof owner.pid === "number" ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock, or reports the live owner. A lock left by a dead process is taken over. */
export async function tryLock(dataDir: string, role: LockOwner["role"]): Promise<LockState> {
  mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(lockPath(dataDir), JSON.stringify({ pid: process.pid, role } satisfies LockOwner), { flag: "wx" });
      return { held: true };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const owner = readOwner(dataDir);
    if (owner && owner.pid !== process.pid && isAlive(owner.pid)) return { held: false, owner };
    if (!owner && attempt === 0) {
      // Possibly caught between another process creating the file and writing it.
      await sleep(50);
      continue;
    }
    rmSync(lockPath(dataDir), { force: true });
  }
  throw new TimbreError(
    "db.lock_contended",
    { es: "No se pudo tomar la base de datos local (.data).", en: "Could not take the local database (.data)." },
    { kind: "internal", detail: `lock ${lockPath(dataDir)}` },
  );
}

export function publishPort(dataDir: string, role: LockOwner["role"], port: number): void {
  writeFileSync(lockPath(dataDir), JSON.stringify({ pid: process.pid, role, port } satisfies LockOwner));
}

export function releaseLock(dataDir: string): void {
  const owner = readOwner(dataDir);
  if (owner?.pid === process.pid) rmSync(lockPath(dataDir), { force: true });
}

/** Waits for the owner to publish its port (it may still be opening the database). */
export async function waitForPort(dataDir: string, timeoutMs: number): Promise<LockOwner | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const owner = readOwner(dataDir);
    if (!owner || !isAlive(owner.pid)) return undefined;
    if (owner.port) return owner;
    await sleep(100);
  }
  return readOwner(dataDir);
}
