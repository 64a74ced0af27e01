import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedServer } from "../hub/db/embedded-server.js";
import { migrate } from "../hub/db/migrate.js";

export interface TestDatabase {
  url: string;
  kind: "embedded" | "postgres";
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a throw-away
 * database on the PostgreSQL server named by TEST_DATABASE_URL (CI runs the suite both ways).
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let db: TestDatabase;
  if (serverUrl) {
    const name = `timbre_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    db = {
      url: url.toString(),
      kind: "postgres",
      async close() {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  } else {
    const server = await startEmbeddedServer({ dataDir: "memory://" });
    db = { url: server.url, kind: "embedded", close: () => server.close() };
  }
  if (options.migrate !== false) await migrate(db.url);
  return db;
}
