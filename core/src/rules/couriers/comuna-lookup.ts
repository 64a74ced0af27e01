import { COMUNAS, COMUNA_ALIASES, REGIONS, type Comuna, type Region } from "./comunas.js";

/** Lower case, no accents or punctuation, single spaces: "Ñuñoa" and "nunoa " compare equal. */
export function normalizePlaceName(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const byCode = new Map(COMUNAS.map((c) => [c.code, c]));
const byName = new Map(COMUNAS.map((c) => [normalizePlaceName(c.name), c]));
for (const [alias, code] of Object.entries(COMUNA_ALIASES)) byName.set(alias, byCode.get(code)!);
const regionByCode = new Map(REGIONS.map((r) => [r.code, r]));

export function comunaByCode(code: string): Comuna | undefined {
  return byCode.get(code);
}

export function regionByCodeOf(code: string): Region | undefined {
  return regionByCode.get(code);
}

/**
 * The comuna a store or shopper meant: a CUT code (a leading zero dropped, as spreadsheets do) or a
 * name in any case or accenting. Undefined rather than a guess when nothing matches exactly.
 */
export function findComuna(text: string): Comuna | undefined {
  const t = text.trim();
  if (/^\d{4,5}$/.test(t)) return byCode.get(t.padStart(5, "0"));
  return byName.get(normalizePlaceName(t).replace(/^comuna (de )?/, ""));
}

/** A región by code ("13", "5"), roman numeral ("V", "RM") or name, with or without "Región de". */
export function findRegion(text: string): Region | undefined {
  const t = text.trim();
  if (/^\d{1,2}$/.test(t)) return regionByCode.get(t.padStart(2, "0"));
  const upper = t.toUpperCase().replace(/\s*REGI[OÓ]N$/, "");
  const roman = REGIONS.find((r) => r.roman === upper);
  if (roman) return roman;
  const n = normalizePlaceName(t)
    .replace(/^region (de |del )?/, "")
    .replace(/^(de |del )/, "");
  if (n === "metropolitana" || n === "rm" || n === "santiago") return regionByCode.get("13");
  return REGIONS.find((r) => {
    const name = normalizePlaceName(r.name);
    return (
      name === n ||
      name.replace(/^(la |los )/, "") === n.replace(/^(la |los )/, "") ||
      (r.code === "06" && n === "o higgins")
    );
  });
}
