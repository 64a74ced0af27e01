import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { TimbreError } from "../../errors.js";

/**
 * Applies core/prisma/migrations in order, each in its own transaction, keeping Prisma's
 * `_prisma_migrations` table exactly as `prisma migrate deploy` would, so either tool can follow
 * the other.
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));

const LOCK_KEY = 72_707_369;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`${dir}/${d.name}/migration.sql`))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(`${dir}/${name}/migration.sql`, "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migrate(url: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // One transaction for the whole run: a transaction-scoped advisory lock serializes replicas on a
  // server, and PGlite's socket (one backend session, where session locks are re-entrant) runs
  // transactions one at a time. A failure leaves the database as it was.
  let current: string | undefined;
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const rows = await client.query<{ migration_name: string; finished_at: Date | null }>(
      `SELECT migration_name, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.rows.map((r) => [r.migration_name, r]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const m of listMigrations(dir)) {
      const row = done.get(m.name);
      if (row?.finished_at) {
        result.alreadyApplied.push(m.name);
        continue;
      }
      if (row) {
        throw new TimbreError(
          "db.migration_failed_before",
          {
            es: `La migración ${m.name} quedó a medias en un intento anterior (prisma migrate resolve); revísela antes de continuar.`,
            en: `Migration ${m.name} was left half-applied by an earlier attempt (prisma migrate resolve); resolve it before continuing.`,
          },
          { kind: "internal" },
        );
      }
      current = m.name;
      const id = randomUUID();
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
        [id, m.checksum, m.name],
      );
      await client.query(m.sql);
      await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [
        id,
      ]);
      result.applied.push(m.name);
    }
    await client.query("COMMIT");
    return result;
  } catch (cause) {
    await client.query("ROLLBACK").catch(() => {});
    if (cause instanceof TimbreError) throw cause;
    throw new TimbreError(
      "db.migration_failed",
      {
        es: `No se pudo migrar la base de datos${current ? ` (migración ${current})` : ""}; no se aplicó ningún cambio.`,
        en: `Could not migrate the database${current ? ` (migration ${current})` : ""}; nothing was changed.`,
      },
      { kind: "internal", detail: String(cause), cause },
    );
  } finally {
    await client.end();
  }
}
