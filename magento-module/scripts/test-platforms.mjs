// `npm run test:platforms` for Magento: php -l over the module, its PHPUnit tests, then the suite
// against a real Magento 2.4.7 (../shared/platforms/setup-magento.sh). In CI a missing piece fails
// the run; elsewhere it is said plainly and skipped.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const here = resolve(import.meta.dirname, "..");
const repo = resolve(here, "..");
const kit = process.env.TIMBRE_PLATFORMS_DIR ?? join(repo, "..", "shared", "platforms");

const missing = [];
for (const f of ["setup-magento.sh", "magento-2.4.7-p7.tar.zst"]) {
  if (!existsSync(join(kit, f))) missing.push(`${join(kit, f)} (the real Magento kit; set TIMBRE_PLATFORMS_DIR to its folder)`);
}
for (const [cmd, pkg] of [["php", "php-cli"], ["phpunit", "phpunit"], ["mysqladmin", "mariadb-server"]]) {
  if (spawnSync("sh", ["-c", `command -v ${cmd}`]).status !== 0) missing.push(`${cmd} (apt-get install ${pkg})`);
}
if (missing.length > 0) {
  const text = `Magento platform suite cannot run; missing:\n  - ${missing.join("\n  - ")}`;
  if (process.env.CI) {
    console.error(text);
    process.exit(1);
  }
  console.warn(`${text}\nSkipped (outside CI). 0 passed, 0 failed, 1 skipped`);
  process.exit(0);
}

const phpFiles = (dir) =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? phpFiles(p) : /\.(php|phtml)$/.test(n) ? [p] : [];
  });
let failed = 0;
for (const f of phpFiles(join(here, "module"))) {
  const r = spawnSync("php", ["-l", f], { encoding: "utf8" });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(r.stdout + r.stderr);
  }
}
if (failed > 0) process.exit(1);
const unit = spawnSync("phpunit", ["-c", join(here, "test", "php", "phpunit.xml")], { stdio: "inherit" });
if (unit.status !== 0) process.exit(unit.status ?? 1);
const e2e = spawnSync("npx", ["vitest", "run", "--config", "vitest.platforms.config.ts"], { stdio: "inherit", cwd: here });
process.exit(e2e.status ?? 1);
