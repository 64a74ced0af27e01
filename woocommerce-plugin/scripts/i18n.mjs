// Translation files of the plugin: the strings are read from the PHP sources (Spanish, es-CL first),
// languages/timbre-woocommerce.pot is their template and languages/timbre-woocommerce-es_CL.po the
// es_CL catalogue; the build compiles the .po into the .mo and .l10n.php WordPress loads.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const CALL =
  /\b(?:__|_e|esc_html__|esc_html_e|esc_attr__|esc_attr_e)\(\s*'((?:[^'\\]|\\.)*)'\s*,\s*'timbre-woocommerce'\s*\)/g;

function phpFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? phpFiles(p) : p.endsWith(".php") ? [p] : [];
  });
}

/** Every translatable string of the plugin, in source order, without repeats. */
export function sourceStrings(pluginDir) {
  const seen = new Set();
  for (const file of phpFiles(pluginDir).sort()) {
    for (const m of readFileSync(file, "utf8").matchAll(CALL))
      seen.add(m[1].replace(/\\'/g, "'").replace(/\\\\/g, "\\"));
  }
  return [...seen];
}

const poEscape = (s) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const poUnescape = (s) => s.replace(/\\(["\\n])/g, (_, c) => (c === "n" ? "\n" : c));

/** msgid → msgstr of a .po file (single-line entries, as this project writes them). */
export function parsePo(text) {
  const out = new Map();
  const re = /^msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"$/gm;
  for (const m of text.matchAll(re)) if (m[1] !== "") out.set(poUnescape(m[1]), poUnescape(m[2]));
  return out;
}

export function writePo(entries, header) {
  const head = `msgid ""\nmsgstr ""\n${header.map((h) => `"${h}\\n"`).join("\n")}\n`;
  return head + [...entries].map(([id, str]) => `\nmsgid "${poEscape(id)}"\nmsgstr "${poEscape(str)}"\n`).join("");
}

/** GNU .mo (little endian), sorted by msgid as the format requires. */
export function compileMo(entries, headerText) {
  const all = [["", headerText], ...[...entries].filter(([, s]) => s !== "")].sort(([a], [b]) =>
    Buffer.compare(Buffer.from(a), Buffer.from(b)),
  );
  const ids = all.map(([id]) => Buffer.from(id, "utf8"));
  const strs = all.map(([, s]) => Buffer.from(s, "utf8"));
  const n = all.length;
  const headerSize = 28;
  const tablesEnd = headerSize + n * 16;
  let offset = tablesEnd;
  const idTable = [];
  for (const b of ids) {
    idTable.push([b.length, offset]);
    offset += b.length + 1;
  }
  const strTable = [];
  for (const b of strs) {
    strTable.push([b.length, offset]);
    offset += b.length + 1;
  }
  const out = Buffer.alloc(offset);
  out.writeUInt32LE(0x950412de, 0);
  out.writeUInt32LE(0, 4);
  out.writeUInt32LE(n, 8);
  out.writeUInt32LE(headerSize, 12);
  out.writeUInt32LE(headerSize + n * 8, 16);
  out.writeUInt32LE(0, 20);
  out.writeUInt32LE(tablesEnd, 24);
  idTable.forEach(([len, off], i) => {
    out.writeUInt32LE(len, headerSize + i * 8);
    out.writeUInt32LE(off, headerSize + i * 8 + 4);
  });
  strTable.forEach(([len, off], i) => {
    out.writeUInt32LE(len, headerSize + n * 8 + i * 8);
    out.writeUInt32LE(off, headerSize + n * 8 + i * 8 + 4);
  });
  ids.forEach((b, i) => b.copy(out, idTable[i][1]));
  strs.forEach((b, i) => b.copy(out, strTable[i][1]));
  return out;
}

const phpString = (s) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** WordPress 6.5+ PHP translation file (preferred over the .mo when both exist). */
export function compileL10nPhp(entries, locale) {
  const messages = [...entries]
    .filter(([, s]) => s !== "")
    .map(([id, s]) => `${phpString(id)}=>${phpString(s)}`)
    .join(",");
  return `<?php\nreturn ['domain'=>'timbre-woocommerce','plural-forms'=>'nplurals=2; plural=(n != 1);','language'=>'${locale}','messages'=>[${messages}]];\n`;
}
