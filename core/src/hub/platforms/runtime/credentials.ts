import { TimbreError } from "../../../errors.js";
import type { AnyConnector } from "../connector.js";
import type { CredentialStore } from "../context.js";
import { openCredentials, sealCredentials } from "../credential-codec.js";
import type { RuntimeDeps } from "./runtime-deps.js";

/** Refreshes running in this process, per store: the second caller waits for the first's result. */
const refreshing = new Map<string, Promise<unknown>>();

/**
 * A store's secrets through the connector's `credentials` schema, sealed at rest. `fresh` refreshes
 * one at a time per store: in this process through a shared promise, across replicas through a
 * PostgreSQL advisory lock held (in a transaction) while the credentials are re-read, refreshed and
 * written. After the wait, `isFresh` is asked again on what the other refresher wrote.
 */
export function credentialStore<C>(deps: RuntimeDeps, connector: AnyConnector, storeId: string): CredentialStore<C> {
  const { db, encryptor } = deps;
  async function read(): Promise<C | undefined> {
    const row = await db.store.findUnique({ where: { id: storeId }, select: { credentials: true } });
    return openCredentials<C>(encryptor, connector, row?.credentials ?? null);
  }
  return {
    read,
    async write(credentials: C) {
      await db.store.update({
        where: { id: storeId },
        data: { credentials: sealCredentials(encryptor, connector, credentials) },
      });
    },
    async fresh({ isFresh, refresh, force }) {
      if (!force) {
        const current = await read();
        if (current === undefined) throw noCredentials(connector, storeId);
        if (isFresh(current)) return current;
      }
      const running = refreshing.get(storeId) as Promise<C> | undefined;
      if (running) return running;
      const p = db
        .$transaction(
          async (tx) => {
            await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`store.credentials:${storeId}`}, 0))`;
            const row = await tx.store.findUnique({ where: { id: storeId }, select: { credentials: true } });
            const current = openCredentials<C>(encryptor, connector, row?.credentials ?? null);
            if (current === undefined) throw noCredentials(connector, storeId);
            // Another replica refreshed while we waited for the lock.
            if (!force && isFresh(current)) return current;
            const next = await refresh(current);
            await tx.store.update({
              where: { id: storeId },
              data: { credentials: sealCredentials(encryptor, connector, next) },
            });
            return next;
          },
          { timeout: 60_000, maxWait: 60_000 },
        )
        .finally(() => refreshing.delete(storeId));
      refreshing.set(storeId, p);
      return p;
    },
  };
}

function noCredentials(connector: AnyConnector, storeId: string): TimbreError {
  return new TimbreError(
    "platform.not_installed",
    {
      es: `La tienda no está conectada a ${connector.name}: vuelva a instalar la aplicación.`,
      en: `The store is not connected to ${connector.name}: install the app again.`,
    },
    { kind: "unauthorized", detail: `store ${storeId} has no ${connector.id} credentials` },
  );
}
