import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";

export type Db = PrismaClient;

/** Prisma over node-postgres: the same driver for PGlite's socket and a PostgreSQL server. */
export function createPrismaClient(url: string, options: { maxConnections?: number } = {}): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: options.maxConnections ?? 10 }) });
}
