import type { CliCommand } from "../command.js";
import { loadConfig } from "../../hub/config.js";
import { migrate } from "../../hub/db/migrate.js";
import { openDatabase } from "../../hub/db/open-database.js";

export const dbMigrate: CliCommand = {
  path: ["db", "migrate"],
  summary: "Aplica las migraciones pendientes de la base de datos (el hub también lo hace al partir)",
  usage: "db migrate [--json]",
  options: {},
  async run() {
    const config = loadConfig();
    const database = await openDatabase(config, "cli");
    try {
      const r = await migrate(database.url);
      return {
        json: { database: database.kind, applied: r.applied, alreadyApplied: r.alreadyApplied },
        text:
          r.applied.length > 0
            ? `Applied ${r.applied.length} migration(s) to the ${database.kind} database:\n${r.applied.map((m) => `  ${m}`).join("\n")}`
            : `The ${database.kind} database is up to date (${r.alreadyApplied.length} migration(s) applied).`,
      };
    } finally {
      await database.close();
    }
  },
};
