import { describe, expect, it } from "vitest";
import { ZoneInputSchema } from "../../src/rules/couriers/zone-input.js";
import { matchZone, type ZoneDefinition } from "../../src/rules/couriers/zones.js";

const zone = (id: string, z: Partial<ZoneDefinition>): ZoneDefinition => ({
  id,
  regions: [],
  comunas: [],
  postalPrefixes: [],
  ...z,
});

describe("zones", () => {
  const centro = zone("centro", { comunas: ["13101", "13123", "13120"] });
  const rm = zone("rm", { regions: ["13"] });
  const lasCondesAlto = zone("lc-alto", { postalPrefixes: ["755"] });
  const lasCondesAltoExacto = zone("lc-exacto", { postalPrefixes: ["7550000"] });
  const lasCondes = zone("lc", { comunas: ["13114"] });
  const all = [rm, centro, lasCondes, lasCondesAlto, lasCondesAltoExacto];

  it("puts an address in the zone that names its comuna", () => {
    expect(matchZone(all, { comunaCode: "13123" })).toEqual({ zoneId: "centro", by: "comuna" });
  });

  it("falls back to the zone of its whole región", () => {
    expect(matchZone(all, { comunaCode: "13201" })).toEqual({ zoneId: "rm", by: "region" });
  });

  it("lets a postal prefix carve part of a comuna out of its comuna's zone, the longest prefix winning", () => {
    expect(matchZone(all, { comunaCode: "13114", postalCode: "7560000" })).toEqual({ zoneId: "lc", by: "comuna" });
    expect(matchZone(all, { comunaCode: "13114", postalCode: "755 1234" })).toEqual({
      zoneId: "lc-alto",
      by: "postal",
    });
    expect(matchZone(all, { comunaCode: "13114", postalCode: "7550000" })).toEqual({
      zoneId: "lc-exacto",
      by: "postal",
    });
  });

  it("ignores postal prefixes when the address has no postal code", () => {
    expect(matchZone(all, { comunaCode: "13114" })).toEqual({ zoneId: "lc", by: "comuna" });
  });

  it("breaks a tie between equally specific zones by the order given", () => {
    const a = zone("a", { comunas: ["13123"] });
    const b = zone("b", { comunas: ["13123"] });
    expect(matchZone([a, b], { comunaCode: "13123" })?.zoneId).toBe("a");
    expect(matchZone([b, a], { comunaCode: "13123" })?.zoneId).toBe("b");
  });

  it("finds no zone for an address outside every zone", () => {
    expect(matchZone(all, { comunaCode: "05109" })).toBeUndefined();
    expect(matchZone([], { comunaCode: "13101" })).toBeUndefined();
  });

  it("accepts a zone written with names or codes and stores codes", () => {
    const z = ZoneInputSchema.parse({
      name: "Oriente",
      regions: ["Valparaíso"],
      comunas: ["Providencia", "13114", "Ñuñoa", "providencia"],
      postalPrefixes: ["755-0"],
      rate: { kind: "flat", amount: 3990 },
      commission: { kind: "percent", percent: 40 },
    });
    expect(z.regions).toEqual(["05"]);
    expect(z.comunas).toEqual(["13123", "13114", "13120"]);
    expect(z.postalPrefixes).toEqual(["7550"]);
    expect(z.active).toBe(true);
  });

  it("rejects unknown places and a zone with no place, naming the field", () => {
    const r = ZoneInputSchema.safeParse({
      name: "X",
      comunas: ["Gotham"],
      rate: { kind: "flat", amount: 1 },
      commission: { kind: "amount", amount: 1 },
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["comunas", 0]);
    const empty = ZoneInputSchema.safeParse({
      name: "X",
      rate: { kind: "flat", amount: 1 },
      commission: { kind: "amount", amount: 1 },
    });
    expect(empty.success).toBe(false);
  });
});
