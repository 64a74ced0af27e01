// `node scripts/update-translations.mjs`: refreshes the .pot from the PHP sources and adds new
// strings to the es_CL catalogue (kept translations stay; the sources are es-CL already, so a new
// string starts as its own translation for a translator to review).
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parsePo, sourceStrings, writePo } from "./i18n.mjs";

const root = join(import.meta.dirname, "..");
const lang = join(root, "plugin", "languages");
const strings = sourceStrings(join(root, "plugin"));
const header = [
  "Project-Id-Version: Timbre para WooCommerce",
  "MIME-Version: 1.0",
  "Content-Type: text/plain; charset=UTF-8",
  "Content-Transfer-Encoding: 8bit",
];
writeFileSync(
  join(lang, "timbre-woocommerce.pot"),
  writePo(
    strings.map((s) => [s, ""]),
    header,
  ),
);
const poFile = join(lang, "timbre-woocommerce-es_CL.po");
const existing = existsSync(poFile) ? parsePo(readFileSync(poFile, "utf8")) : new Map();
const entries = strings.map((s) => [s, existing.get(s) ?? s]);
writeFileSync(poFile, writePo(entries, [...header, "Language: es_CL", "Plural-Forms: nplurals=2; plural=(n != 1);"]));
console.log(`${strings.length} strings; es_CL catalogue updated`);
