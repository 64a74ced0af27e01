import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fromMilli,
  milliToDecimal,
  parseMilli,
  QuantitySchema,
  toMilli,
  wholeUnits,
} from "../../../src/rules/stock/quantity.js";

describe("quantities in thousandths", () => {
  it("adds fractions exactly where floats drift", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(toMilli(0.1) + toMilli(0.2)).toBe(toMilli(0.3));
    expect(wholeUnits(toMilli(10.1) - toMilli(0.1) - toMilli(7))).toBe(3);
  });

  it("refuses a fourth decimal", () => {
    expect(() => toMilli(1.0005)).toThrow(RangeError);
    expect(() => parseMilli("1.0005")).toThrow(RangeError);
    expect(QuantitySchema.safeParse(2.5).success).toBe(true);
    expect(QuantitySchema.safeParse(2.0001).success).toBe(false);
    expect(QuantitySchema.safeParse(Number.NaN).success).toBe(false);
  });

  it("reads what PostgreSQL prints and writes what it reads, for any quantity", () => {
    expect(parseMilli("-10.500")).toBe(-10_500);
    expect(parseMilli("0.000")).toBe(0);
    expect(milliToDecimal(-10_500)).toBe("-10.5");
    expect(milliToDecimal(7)).toBe("0.007");
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (m) => {
        expect(parseMilli(milliToDecimal(m))).toBe(m);
        expect(toMilli(fromMilli(m))).toBe(m);
      }),
    );
  });

  it("floors to whole sellable units, also below zero", () => {
    expect(wholeUnits(2_999)).toBe(2);
    expect(wholeUnits(-1)).toBe(-1);
  });
});
