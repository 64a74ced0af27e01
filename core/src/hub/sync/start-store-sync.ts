import { TimbreError } from "../../errors.js";
import type { Db } from "../db/prisma-client.js";
import { runStoreSync, type SyncOptions } from "./run-store-sync.js";

/**
 * Starts a full sync in the background and returns as soon as its SyncRun row exists; the row carries its progress
 * (what the admin page polls). One at a time per store; a run left "running" for over an hour by a
 * dead process does not block a new one.
 */
export async function startStoreSync(
  db: Db,
  storeId: string,
  options: SyncOptions & { onError?: (e: unknown) => void },
): Promise<{ started: true }> {
  const running = await db.syncRun.findFirst({
    where: { storeId, state: "running", startedAt: { gt: new Date(Date.now() - 3_600_000) } },
  });
  if (running) {
    throw new TimbreError(
      "sync.running",
      { es: "Ya hay una sincronización en curso para esta tienda.", en: "A sync is already running for this store." },
      { kind: "conflict" },
    );
  }
  // Return once the run's row exists: a page that reloads right after sees it and follows it.
  await new Promise<void>((resolve) => {
    void runStoreSync(db, storeId, { ...options, onRunCreated: () => resolve() }).catch((e: unknown) => {
      options.onError?.(e);
      resolve();
    });
  });
  return { started: true };
}
