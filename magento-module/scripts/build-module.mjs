// Writes dist/app/code/Timbre/Chile: the module as `bin/magento module:enable Timbre_Chile` expects it
// once dist/app/code is copied into the Magento root.
import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";

const here = join(import.meta.dirname, "..");
const target = join(here, "dist", "app", "code", "Timbre", "Chile");
rmSync(join(here, "dist", "app"), { recursive: true, force: true });
cpSync(join(here, "module"), target, { recursive: true });
process.stdout.write(`Timbre_Chile -> ${target}\n`);
