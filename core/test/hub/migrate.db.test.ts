import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMigrations, migrate } from "../../src/hub/db/migrate.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";

describe("database migrations", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(() => db.close());

  it("applies every committed migration once, even when replicas start together", async () => {
    const results = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
    const names = listMigrations().map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    // Exactly one of the three applied them; the others found them done.
    expect(results.flatMap((r) => r.applied).sort()).toEqual(names.sort());
    expect(await migrate(db.url)).toEqual({ applied: [], alreadyApplied: names });
  });

  it("keeps Prisma's bookkeeping so `prisma migrate deploy` agrees", async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const rows = await c.query(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"`,
    );
    await c.end();
    const expected = listMigrations();
    expect(rows.rows.map((r) => r.migration_name).sort()).toEqual(expected.map((m) => m.name).sort());
    for (const r of rows.rows) {
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.applied_steps_count).toBe(1);
      expect(r.checksum).toBe(expected.find((m) => m.name === r.migration_name)?.checksum);
    }
  });

  it("creates the foundation tables", async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const rows = await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
    await c.end();
    const tables = rows.rows.map((r) => r.table_name as string);
    for (const t of ["Company", "Store", "Session", "AuditEvent", "Certificate", "Caf"]) expect(tables).toContain(t);
  });
});
