import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";

export type Db = PrismaClient;

/**
 * Prisma (6.19, adapter-pg) ends an interactive transaction by sending COMMIT or ROLLBACK and only
 * then releasing its pooled connection; when that statement fails because the connection died
 * (pg_terminate_backend, a failover, a network cut), the connection is never released. Every such
 * transaction leaked one of the pool's slots until the hub hung for good (found by the chaos run).
 * Here a failed COMMIT/ROLLBACK still hands the connection back; the pool drops it if it is dead.
 */
function releaseOnFailedEnd(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const tx = await start(isolationLevel);
      const execute = tx.executeRaw.bind(tx);
      tx.executeRaw = async (query) => {
        try {
          return await execute(query);
        } catch (e) {
          if (/^(COMMIT|ROLLBACK)$/i.test(query.sql.trim())) await tx.rollback().catch(() => undefined);
          throw e;
        }
      };
      return tx;
    };
    return adapter;
  };
  return factory;
}

/** Prisma over node-postgres: the same driver for PGlite's socket and a PostgreSQL server. */
export function createPrismaClient(url: string, options: { maxConnections?: number } = {}): Db {
  return new PrismaClient({
    adapter: releaseOnFailedEnd(new PrismaPg({ connectionString: url, max: options.maxConnections ?? 10 })),
    // Prisma's 2 s default wait for a connection turns a burst (20 deliveries of one order at once, or
    // PGlite's single backend serializing transactions) into 500s; waiting is what the caller wants.
    transactionOptions: { maxWait: 15_000, timeout: 60_000 },
  });
}
