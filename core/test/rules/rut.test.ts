import { describe, expect, it } from "vitest";
import { TimbreError } from "../../src/errors.js";
import { formatRut, isValidRut, normalizeRut, parseRut, rutCheckDigit } from "../../src/rules/rut.js";

describe("RUT", () => {
  it.each([
    "60803000-K",
    "66666666-6",
    "55555555-5",
    "97975000-5",
    "60910000-1",
    "76354771-K",
    "96790240-3",
    "96670340-7",
    "81675600-6",
    "7880442-4",
    "8414240-9",
    "11111111-1",
    "12345678-5",
    "1-9",
  ])("accepts %s (sii.md §2)", (rut) => {
    expect(isValidRut(rut)).toBe(true);
    expect(normalizeRut(rut)).toBe(rut);
  });

  it.each([
    [76555835, "2"],
    [76177907, "9"],
    [76369187, "K"],
    [77879240, "0"],
    [96874030, "K"],
  ])("computes the check digit of %i as %s (cordada doctests)", (body, dv) => {
    expect(rutCheckDigit(body)).toBe(dv);
  });

  it.each([
    ["12.345.678-5", "12345678-5"],
    ["12345678-5", "12345678-5"],
    ["123456785", "12345678-5"],
    [" 12 345 678 - 5 ", "12345678-5"],
    ["76.354.771-k", "76354771-K"],
    ["76354771k", "76354771-K"],
    ["012.345.678-5", "12345678-5"],
    ["12.345.678–5", "12345678-5"],
    ["12\u00a0345\u00a0678-5", "12345678-5"],
  ])("reads what people type: %s → %s", (typed, wire) => {
    expect(normalizeRut(typed)).toBe(wire);
  });

  it("formats for display with dots and for the wire without", () => {
    expect(formatRut({ body: 76354771, dv: "K" })).toBe("76354771-K");
    expect(formatRut("76354771k", "display")).toBe("76.354.771-K");
    expect(formatRut("1-9", "display")).toBe("1-9");
  });

  it("explains a wrong check digit with the right one", () => {
    try {
      parseRut("12.345.678-9", "receiver.rut");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TimbreError);
      const err = e as TimbreError;
      expect(err.code).toBe("rut.invalid");
      expect(err.user.es).toContain("es 5, no 9");
      expect(err.fields).toEqual([{ field: "receiver.rut", message: err.user.es }]);
    }
  });

  it.each(["", "   ", "abc", "12.345.678-", "-5", "0-0", "000-0", "123456789-2", "12345678-55", "12,345,678-5", "K-K"])(
    "rejects %j",
    (bad) => {
      expect(isValidRut(bad)).toBe(false);
      expect(() => parseRut(bad)).toThrow(TimbreError);
    },
  );

  it("asks for a RUT when the field is empty", () => {
    expect(() => parseRut("  ")).toThrow(/Enter a RUT/);
  });
});
