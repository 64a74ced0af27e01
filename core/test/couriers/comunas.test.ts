import { describe, expect, it } from "vitest";
import { COMUNAS, COMUNA_ALIASES, REGIONS } from "../../src/rules/couriers/comunas.js";
import { findComuna, findRegion, normalizePlaceName } from "../../src/rules/couriers/comuna-lookup.js";

describe("the official list of comunas", () => {
  it("has the 346 comunas of the 16 regiones, each code unique and inside its región", () => {
    expect(COMUNAS).toHaveLength(346);
    expect(new Set(COMUNAS.map((c) => c.code)).size).toBe(346);
    expect(REGIONS).toHaveLength(16);
    const perRegion = Object.fromEntries(
      REGIONS.map((r) => [r.code, COMUNAS.filter((c) => c.regionCode === r.code).length]),
    );
    // Counts per región as published with the CUT (Ñuble split from Biobío in 2018).
    expect(perRegion).toEqual({
      "01": 7,
      "02": 9,
      "03": 9,
      "04": 15,
      "05": 38,
      "06": 33,
      "07": 30,
      "08": 33,
      "09": 32,
      "10": 30,
      "11": 10,
      "12": 11,
      "13": 52,
      "14": 12,
      "15": 4,
      "16": 21,
    });
  });

  it("has no two comunas that read the same once accents and case are ignored", () => {
    const names = COMUNAS.map((c) => normalizePlaceName(c.name));
    expect(new Set(names).size).toBe(names.length);
    for (const code of Object.values(COMUNA_ALIASES)) expect(COMUNAS.some((c) => c.code === code)).toBe(true);
  });

  it("finds a comuna by name in any accenting or case, by code (even without its leading zero) and by common alias", () => {
    expect(findComuna("Ñuñoa")?.code).toBe("13120");
    expect(findComuna("  nunoa ")?.code).toBe("13120");
    expect(findComuna("PEÑALOLÉN")?.code).toBe("13122");
    expect(findComuna("Comuna de Providencia")?.code).toBe("13123");
    expect(findComuna("13123")?.name).toBe("Providencia");
    expect(findComuna("5109")?.name).toBe("Viña del Mar");
    expect(findComuna("Santiago Centro")?.code).toBe("13101");
    expect(findComuna("Til Til")?.code).toBe("13303");
    expect(findComuna("Los Ángeles")?.code).toBe("08301");
    expect(findComuna("Chillán")?.regionCode).toBe("16");
  });

  it("never guesses a comuna it does not know", () => {
    expect(findComuna("Springfield")).toBeUndefined();
    expect(findComuna("99999")).toBeUndefined();
    expect(findComuna("Provi")).toBeUndefined();
  });

  it("finds a región by code, roman numeral or name", () => {
    expect(findRegion("13")?.name).toBe("Metropolitana de Santiago");
    expect(findRegion("RM")?.code).toBe("13");
    expect(findRegion("Región Metropolitana")?.code).toBe("13");
    expect(findRegion("V")?.code).toBe("05");
    expect(findRegion("5")?.code).toBe("05");
    expect(findRegion("Región de Valparaíso")?.code).toBe("05");
    expect(findRegion("Araucanía")?.code).toBe("09");
    expect(findRegion("Región del Biobío")?.code).toBe("08");
    expect(findRegion("Ñuble")?.code).toBe("16");
    expect(findRegion("O'Higgins")?.code).toBe("06");
    expect(findRegion("Atlantis")).toBeUndefined();
  });
});
