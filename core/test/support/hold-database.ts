// Child process for the embedded-database tests: opens the data folder in the given role, then
// holds it until told to stop (SIGTERM), the way a running hub or a long CLI command would.
import { openDatabase } from "../../src/hub/db/open-database.js";

const [dataDir, role] = process.argv.slice(2) as [string, "hub" | "cli"];
const handle = await openDatabase({ dataDir, databaseUrl: undefined }, role);
process.stdout.write(`ready ${handle.url}\n`);
process.on("SIGTERM", () => {
  void handle.close().then(() => process.exit(0));
});
setInterval(() => {}, 1 << 30);
