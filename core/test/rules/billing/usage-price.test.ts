import { describe, expect, it } from "vitest";
import {
  fairUse,
  formatUf,
  lastDayOfMonth,
  monthBounds,
  parseUf,
  parseUfValue,
  previousMonth,
  priceOrders,
  ufToClp,
  USAGE_TIERS,
} from "../../../src/rules/billing/index.js";

describe("usage tiers: orders → UF", () => {
  it.each([
    [0, "free", 0],
    [50, "free", 0],
    [51, "t150", 25],
    [150, "t150", 25],
    [151, "t250", 50],
    [250, "t250", 50],
    [251, "t500", 75],
    [500, "t500", 75],
    [501, "t1000", 100],
    [1000, "t1000", 100],
    [1001, "t2000", 150],
    [2000, "t2000", 150],
    [2001, "open", 250],
    [3000, "open", 250],
    [3001, "open", 350],
    [4000, "open", 350],
    [4001, "open", 450],
  ])("%i orders → %s, %i hundredths of a UF", (orders, code, uf) => {
    const p = priceOrders(orders);
    expect(p.tier.code).toBe(code);
    expect(p.ufHundredths).toBe(uf);
  });

  it("the table covers every count without gaps or overlaps", () => {
    for (let i = 1; i < USAGE_TIERS.length; i++) expect(USAGE_TIERS[i]!.from).toBe(USAGE_TIERS[i - 1]!.to! + 1);
    expect(USAGE_TIERS.at(-1)!.to).toBeNull();
  });

  it("refuses negative or fractional counts", () => {
    expect(() => priceOrders(-1)).toThrow(RangeError);
    expect(() => priceOrders(1.5)).toThrow(RangeError);
  });

  it("UF amounts read and print the Chilean way", () => {
    expect(formatUf(250)).toBe("2,5");
    expect(formatUf(25)).toBe("0,25");
    expect(formatUf(100)).toBe("1");
    expect(parseUf("2,5")).toBe(250);
    expect(parseUf("0.25")).toBe(25);
    expect(parseUf("3")).toBe(300);
  });
});

describe("UF × value → CLP", () => {
  it("reads the CMF's and plain spellings of a value", () => {
    expect(parseUfValue("39.643,59")).toBe(3_964_359);
    expect(parseUfValue("39643,59")).toBe(3_964_359);
    expect(parseUfValue("39643.59")).toBe(3_964_359);
    expect(parseUfValue("39.643")).toBe(3_964_300);
    expect(parseUfValue("39643.5")).toBe(3_964_350);
    for (const bad of ["", "abc", "39,643.59.1", "1.000.000,00", "12,345"]) expect(() => parseUfValue(bad)).toThrow(RangeError);
  });

  it("rounds to the peso, half up, with no float drift", () => {
    // 2,5 × 39.643,59 = 99.108,975 → 99.109
    expect(ufToClp(250, 3_964_359)).toBe(99_109);
    // 0,25 × 39.643,59 = 9.910,8975 → 9.911
    expect(ufToClp(25, 3_964_359)).toBe(9_911);
    // 1,5 × 40.000,01 = 60.000,015 → 60.000 (below half)
    expect(ufToClp(150, 4_000_001)).toBe(60_000);
    // 0,5 × 39.999,99 = 19.999,995 → 20.000 (exactly representable half in integers, rounded up)
    expect(ufToClp(50, 3_999_999)).toBe(20_000);
    expect(ufToClp(0, 3_999_999)).toBe(0);
    // 1,15 × 10.000,10 = 11.500,115 → 11.500; floats make 1.15 × 10000.1 = 11500.114999…
    expect(ufToClp(115, 1_000_010)).toBe(11_500);
    // 0,75 × 38.000,02 = 28.500,015 → 28.500; and 0,75 × 38.000,06 = 28.500,045 → 28.500
    expect(ufToClp(75, 3_800_002)).toBe(28_500);
    // 0,25 × 40.000,02 = 10.000,005 → 10.000; 0,25 × 40.002,00 = 10.000,5 exactly → 10.001
    expect(ufToClp(25, 4_000_002)).toBe(10_000);
    expect(ufToClp(25, 4_000_200)).toBe(10_001);
  });
});

describe("billing months in Chile", () => {
  it("bounds follow Santiago's midnight, DST included", () => {
    const nov = monthBounds("2026-11");
    // November 2026: Chile is on summer time (UTC-3).
    expect(nov.start.toISOString()).toBe("2026-11-01T03:00:00.000Z");
    expect(nov.end.toISOString()).toBe("2026-12-01T03:00:00.000Z");
    const jul = monthBounds("2026-07");
    expect(jul.start.toISOString()).toBe("2026-07-01T04:00:00.000Z");
    expect(lastDayOfMonth("2026-11")).toBe("2026-11-30");
    expect(lastDayOfMonth("2028-02")).toBe("2028-02-29");
    expect(previousMonth(new Date("2026-12-01T12:00:00Z"))).toBe("2026-11");
    expect(previousMonth(new Date("2027-01-01T12:00:00Z"))).toBe("2026-12");
    // 02:30 UTC on 1 December is still 30 November in Santiago: the month before is October.
    expect(previousMonth(new Date("2026-12-01T02:30:00Z"))).toBe("2026-10");
  });
});

describe("fair use", () => {
  const tier = priceOrders(40).tier;
  it("warns far above the tier's typical use and stays quiet near it", () => {
    expect(fairUse({ tier, orders: 40, documents: 90, products: 300 })).toEqual([]);
    const w = fairUse({ tier, orders: 40, documents: 5_000, products: 9_000 });
    expect(w.map((x) => x.code)).toEqual(["documents", "products"]);
    expect(w[0]!.message.es).toContain("No se corta el servicio");
  });
});
