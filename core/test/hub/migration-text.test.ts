import { describe, expect, it } from "vitest";
import { listMigrations } from "../../src/hub/db/migrate.js";

describe("migration files", () => {
  // Prisma's schema engine (`prisma migrate deploy`) splits a script at every semicolon, comments
  // included: a `;` inside a `--` comment makes the rest of that line a statement and the deploy fails,
  // although the hub's own migrator (one script per migration) applies it fine. Dollar quotes are cut too.
  it("have no dollar-quoted body (write it as an escape string with \\073 for each semicolon)", () => {
    expect(
      listMigrations()
        .filter((m) => m.sql.includes("$$"))
        .map((m) => m.name),
    ).toEqual([]);
  });

  it("have no semicolon inside a comment, so prisma migrate deploy applies them as the hub does", () => {
    const offending = listMigrations().flatMap((m) =>
      m.sql
        .split("\n")
        .map((line, i) => ({ line, at: `${m.name}/migration.sql:${i + 1}` }))
        .filter(({ line }) => /--[^\n]*;/.test(line) && !/'[^']*--[^']*'/.test(line))
        .map(({ at }) => at),
    );
    expect(offending).toEqual([]);
  });
});
