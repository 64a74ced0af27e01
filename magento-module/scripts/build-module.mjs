// Writes dist/app/code/Timbre/Chile: the module as `bin/magento module:enable Timbre_Chile` expects it
// once dist/app/code is copied into the Magento root, with the shared admin app (built by
// @timbre/woocommerce-plugin) in its adminhtml web assets: nothing is loaded from elsewhere.
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const here = join(import.meta.dirname, "..");
const target = join(here, "dist", "app", "code", "Timbre", "Chile");
rmSync(join(here, "dist", "app"), { recursive: true, force: true });
cpSync(join(here, "module"), target, { recursive: true });
const bundle = join(here, "..", "woocommerce-plugin", "admin", "dist");
const web = join(target, "view", "adminhtml", "web");
mkdirSync(web, { recursive: true });
for (const f of ["timbre-admin.js", "timbre-admin.css"]) {
  if (!existsSync(join(bundle, f))) {
    console.error(`${join(bundle, f)} is missing: build @timbre/woocommerce-plugin first (npm run build does)`);
    process.exit(1);
  }
  copyFileSync(join(bundle, f), join(web, f));
}
process.stdout.write(`Timbre_Chile -> ${target}\n`);
