// Prisma CLI configuration. Prisma 6.19 with `engine: "js"` uses the bundled wasm schema engine, so
// generate/migrate never download a binary (research/deps.md). Only the CLI loads this file; the hub
// applies migrations itself (src/hub/db/migrate.ts) with the same bookkeeping.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { patchPgCatalogTypes } from "./src/hub/db/pg-catalog-types.js";

patchPgCatalogTypes(pg);

// `prisma generate` with engine "js" still tries to download a query engine when the datasource URL
// is unset; generation never connects, so any well-formed URL will do.
if (process.argv.includes("generate")) process.env.DATABASE_URL ??= "postgresql://localhost/unused";

/**
 * PrismaPg's own shadow database handling drops the database while its pool is still open; create
 * and drop a uniquely named one ourselves (migrate dev, migrate diff --from-migrations).
 */
function adapterWithShadow(url: string): PrismaPg {
  const main = new PrismaPg({ connectionString: url });
  return Object.assign(Object.create(Object.getPrototypeOf(main)), main, {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    connectToShadowDb: async () => {
      const name = `prisma_shadow_${Date.now()}_${process.pid}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const shadowUrl = new URL(url);
      shadowUrl.pathname = `/${name}`;
      const adapter = await new PrismaPg({ connectionString: shadowUrl.toString() }).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      };
      return adapter;
    },
  });
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  adapter: async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL must point to a PostgreSQL server for Prisma CLI commands");
    return adapterWithShadow(url);
  },
});
