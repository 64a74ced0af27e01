// PHP unit tests with Debian's phpunit (composer cannot reach packagist here). Missing PHP is a
// failure with the command that installs it, never a silent skip.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const dir = join(import.meta.dirname, "..", "test", "php");
const probe = spawnSync("phpunit", ["--version"], { encoding: "utf8" });
if (probe.status !== 0) {
  console.error(
    "php-test: phpunit is not installed. Install Debian's packages: apt-get install php-cli php-xml php-mbstring phpunit",
  );
  process.exit(1);
}
const run = spawnSync("phpunit", ["-c", join(dir, "phpunit.xml")], { stdio: "inherit" });
process.exit(run.status ?? 1);
