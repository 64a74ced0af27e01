// Before the platform suite: is the real WordPress + WooCommerce kit there, and what this machine
// lacks to run it. In CI a missing piece fails the run; on a laptop it is said plainly and skipped.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";

const repo = resolve(import.meta.dirname, "..", "..");
const dir = process.env.TIMBRE_PLATFORMS_DIR ?? join(repo, "..", "shared", "platforms");
const missing = [];
for (const f of ["setup-woo.sh", "wordpress-6.8.8.tar.zst", "woocommerce-10.2.4.tar.zst"]) {
  if (!existsSync(join(dir, f)))
    missing.push(`${join(dir, f)} (the real shop kit; set TIMBRE_PLATFORMS_DIR to its folder)`);
}
if (process.getuid && process.getuid() !== 0 && !process.env.TIMBRE_PLATFORMS_NO_ROOT) {
  missing.push("root (setup-woo.sh installs Debian PHP and MariaDB packages and creates databases as root)");
}
if (spawnSync("php", ["-v"]).status !== 0 && process.env.WOO_NO_APT === "1")
  missing.push("php-cli (apt-get install php-cli)");
if (missing.length > 0) {
  const text = `WooCommerce platform suite cannot run; missing:\n  - ${missing.join("\n  - ")}`;
  if (process.env.CI) {
    console.error(text);
    process.exit(1);
  }
  console.warn(`${text}\nSkipped (outside CI). 0 passed, 0 failed, 1 skipped`);
  process.exit(2);
}
