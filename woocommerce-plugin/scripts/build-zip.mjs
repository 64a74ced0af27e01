// Writes dist/timbre-woocommerce.zip: folder timbre-woocommerce/ with the PHP plugin, the comunas
// generated from the hub's list, the compiled es_CL translations and the admin app bundle.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { zipSync } from "fflate";
import { compileL10nPhp, compileMo, parsePo } from "./i18n.mjs";

const root = join(import.meta.dirname, "..");
const dist = join(root, "dist");
const stage = join(dist, "timbre-woocommerce");
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
cpSync(join(root, "plugin"), stage, { recursive: true });

// Comunas by region, north to south, from core's CUT list (one source of truth for hub and shop).
const comunasModule = join(root, "..", "core", "dist", "rules", "couriers", "comunas.js");
if (!existsSync(comunasModule)) throw new Error(`${comunasModule} is missing: build core first (npm run build)`);
const { REGIONS, COMUNAS } = await import(pathToFileURL(comunasModule).href);
const q = (s) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const regions = REGIONS.map(
  (r) =>
    `\t${q(r.name)} => array( ${COMUNAS.filter((c) => c.regionCode === r.code)
      .map((c) => q(c.name))
      .join(", ")} ),`,
);
writeFileSync(
  join(stage, "includes", "comunas.php"),
  `<?php\n/**\n * Comunas of Chile by region (generated from the hub's CUT list at build time).\n *\n * @package Timbre\n */\n\ndefined( 'ABSPATH' ) || exit;\n\nreturn array(\n${regions.join("\n")}\n);\n`,
);

// Translations.
const lang = join(stage, "languages");
for (const file of readdirSync(lang).filter((f) => f.endsWith(".po"))) {
  const text = readFileSync(join(lang, file), "utf8");
  const locale = /Language: ([A-Za-z_]+)/.exec(text)?.[1] ?? "es_CL";
  const entries = parsePo(text);
  const header = `Content-Type: text/plain; charset=UTF-8\nLanguage: ${locale}\nPlural-Forms: nplurals=2; plural=(n != 1);\n`;
  writeFileSync(join(lang, file.replace(/\.po$/, ".mo")), compileMo(entries, header));
  writeFileSync(join(lang, file.replace(/\.po$/, ".l10n.php")), compileL10nPhp(entries, locale));
}

// The admin app (scripts/build-admin.mjs writes it to admin/dist).
const adminDist = join(root, "admin", "dist");
if (!existsSync(join(adminDist, "timbre-admin.js")))
  throw new Error("admin/dist/timbre-admin.js is missing: run scripts/build-admin.mjs");
mkdirSync(join(stage, "admin"), { recursive: true });
for (const f of ["timbre-admin.js", "timbre-admin.css"]) cpSync(join(adminDist, f), join(stage, "admin", f));

function tree(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tree(p) : [p];
  });
}
const files = {};
// A fixed date keeps the zip byte-identical between builds of the same sources.
const mtime = new Date("2026-01-01T00:00:00Z");
for (const f of tree(stage).sort()) {
  files[`timbre-woocommerce/${relative(stage, f).split("\\").join("/")}`] = [readFileSync(f), { mtime }];
}
const zip = zipSync(files, { level: 9 });
writeFileSync(join(dist, "timbre-woocommerce.zip"), zip);
console.log(`dist/timbre-woocommerce.zip: ${Object.keys(files).length} files, ${(zip.length / 1024).toFixed(0)} KiB`);
