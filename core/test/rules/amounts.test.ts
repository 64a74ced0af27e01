import { describe, expect, it } from "vitest";
import { TimbreError } from "../../src/errors.js";
import {
  computeAmounts,
  ivaOnNet,
  multiplyRounded,
  percentOf,
  splitGross,
  type AmountLineInput,
} from "../../src/rules/amounts.js";

const line = (quantity: number, unitPrice: number, extra: Partial<AmountLineInput> = {}): AmountLineInput => ({
  quantity,
  unitPrice,
  exempt: false,
  ...extra,
});

describe("boleta amounts (gross prices): SII boleta certification set, sii.md §3", () => {
  it.each([
    ["CASO-1", [line(1, 19900), line(1, 9900)], { net: 25042, exempt: 0, iva: 4758, total: 29800 }],
    ["CASO-2", [line(17, 120)], { net: 1714, exempt: 0, iva: 326, total: 2040 }],
    ["CASO-3", [line(2, 1500), line(2, 550)], { net: 3445, exempt: 0, iva: 655, total: 4100 }],
    ["CASO-4", [line(8, 1590), line(2, 1000, { exempt: true })], { net: 10689, exempt: 2000, iva: 2031, total: 14720 }],
    ["CASO-5", [line(5, 700)], { net: 2941, exempt: 0, iva: 559, total: 3500 }],
  ])("%s", (_, lines, totals) => {
    expect(computeAmounts({ mode: "gross", lines }).totals).toEqual(totals);
  });

  it("applies a global discount to the gross total (LibreDTE montos_esperados: 1190 − 10% → 1071 = 900 + 171)", () => {
    const a = computeAmounts({ mode: "gross", lines: [line(1, 1190)], globalDiscount: { percent: 10 } });
    expect(a.totals).toEqual({ net: 900, exempt: 0, iva: 171, total: 1071 });
    expect(a.adjustments).toEqual([{ movement: "D", appliesTo: "taxable", valueType: "%", value: 10, amount: 119 }]);
  });

  it("derives net from gross, never the other way (680 → 571 + 109, not 571 + 108)", () => {
    expect(splitGross(680)).toEqual({ net: 571, iva: 109 });
    expect(ivaOnNet(571)).toBe(108);
  });
});

describe("factura amounts (net prices)", () => {
  it("reproduces the synthetic factura: 10% line discount, exempt line, 5% global discount", () => {
    const a = computeAmounts({
      mode: "net",
      lines: [line(2, 10000, { discount: { percent: 10 } }), line(1, 5990, { exempt: true })],
      globalDiscount: { percent: 5 },
    });
    expect(a.lines[0]).toMatchObject({ subtotal: 20000, discountAmount: 2000, discountPercent: 10, amount: 18000 });
    expect(a.totals).toEqual({ net: 17100, exempt: 5990, iva: 3249, total: 26339 });
  });

  it("IVA = round(net × 0.19) (SII example: 422644 → 80302)", () => {
    expect(computeAmounts({ mode: "net", lines: [line(1, 422644)] }).totals).toEqual({
      net: 422644,
      exempt: 0,
      iva: 80302,
      total: 502946,
    });
  });

  it("per-line discounts and surcharges by amount or percent", () => {
    const a = computeAmounts({
      mode: "net",
      lines: [
        line(3, 1000, { discount: { amount: 500 } }),
        line(1, 999, { surcharge: { percent: 12.5 } }),
        line(2, 100, { surcharge: { amount: 7 } }),
      ],
    });
    expect(a.lines.map((l) => l.amount)).toEqual([2500, 1124, 207]);
    expect(a.lines[1]).toMatchObject({ surchargeAmount: 125, surchargePercent: 12.5 });
    expect(a.totals.net).toBe(3831);
  });

  it("global surcharge by amount, after the discount", () => {
    const a = computeAmounts({
      mode: "net",
      lines: [line(1, 10000)],
      globalDiscount: { percent: 10 },
      globalSurcharge: { percent: 10 },
    });
    expect(a.adjustments.map((g) => g.amount)).toEqual([1000, 900]);
    expect(a.totals.net).toBe(9900);
  });

  it("an all-exempt document puts the global discount on the exempt part", () => {
    const a = computeAmounts({
      mode: "net",
      lines: [line(1, 1000, { exempt: true })],
      globalDiscount: { amount: 100 },
    });
    expect(a.adjustments[0]).toMatchObject({ appliesTo: "exempt", valueType: "$", amount: 100 });
    expect(a.totals).toEqual({ net: 0, exempt: 900, iva: 0, total: 900 });
  });
});

describe("exact decimal arithmetic", () => {
  it("multiplies decimals exactly before rounding half up", () => {
    expect(multiplyRounded(1.005, 1000)).toBe(1005);
    expect(multiplyRounded(0.1, 3)).toBe(0);
    expect(multiplyRounded(2.5, 1)).toBe(3);
    expect(multiplyRounded(0.333333, 1500)).toBe(500);
    expect(multiplyRounded(1.5, 1590.5)).toBe(2386);
  });

  it("percentages of integers round half up", () => {
    expect(percentOf(6890, 5)).toBe(345);
    expect(percentOf(5990, 5)).toBe(300);
    expect(percentOf(101, 0.5)).toBe(1);
    expect(percentOf(99, 0.5)).toBe(0);
  });
});

describe("amount errors a merchant understands", () => {
  it("a line discount larger than the line", () => {
    try {
      computeAmounts({ mode: "net", lines: [line(1, 100), line(1, 50, { discount: { amount: 80 } })] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TimbreError);
      expect((e as TimbreError).fields[0]!.field).toBe("lines.1.discount");
    }
  });

  it("a global discount larger than the total", () => {
    expect(() => computeAmounts({ mode: "gross", lines: [line(1, 100)], globalDiscount: { amount: 101 } })).toThrow(
      /larger than the document total/,
    );
  });
});
