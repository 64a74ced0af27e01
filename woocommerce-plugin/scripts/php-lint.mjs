// `php -l` on every PHP file of the plugin (WordPress runs them as they are: a syntax error takes
// the shop down). Without PHP installed this fails and says how to get it.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const php = spawnSync("php", ["-v"], { encoding: "utf8" });
if (php.status !== 0) {
  console.error(
    "php-lint: PHP is not installed. Install Debian's php-cli (apt-get install php-cli php-xml php-mbstring).",
  );
  process.exit(1);
}
function phpFiles(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? phpFiles(p) : p.endsWith(".php") ? [p] : [];
  });
}
const files = [...phpFiles(join(root, "plugin")), ...phpFiles(join(root, "test", "php"))];
let failed = 0;
for (const f of files) {
  const r = spawnSync("php", ["-l", f], { encoding: "utf8" });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(r.stdout + r.stderr);
  }
}
console.log(`php -l: ${files.length - failed} of ${files.length} files clean`);
process.exit(failed ? 1 : 0);
