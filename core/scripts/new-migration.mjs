// Writes prisma/migrations/<timestamp>_<name>/migration.sql from the difference between the
// committed migrations and schema.prisma. Needs DATABASE_URL: a PostgreSQL server where a
// temporary shadow database can be created (nothing else is touched).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -w @timbre/core -- <snake_case_name>");
  process.exit(2);
}
if (!process.env.DATABASE_URL) {
  console.error("DATABASE_URL must point to a PostgreSQL server (for the shadow database)");
  process.exit(2);
}
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema", "--script"],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
if (!/\S/.test(sql.replace(/--.*$/gm, ""))) {
  console.log("the schema matches the migrations: nothing to write");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = `prisma/migrations/${stamp}_${name}`;
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/migration.sql`, sql);
console.log(`wrote ${dir}/migration.sql`);
