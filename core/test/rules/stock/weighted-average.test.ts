import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toMilli } from "../../../src/rules/stock/quantity.js";
import { applyMovement, stockValue } from "../../../src/rules/stock/weighted-average.js";

describe("weighted average cost", () => {
  it("averages entries by quantity and values exits at the average", () => {
    let s = applyMovement({ onHand: 0, avgCost: 0 }, toMilli(10), 100);
    s = applyMovement(s, toMilli(30), 200);
    expect(s).toMatchObject({ onHand: toMilli(40), avgCost: 175 });
    const out = applyMovement(s, -toMilli(15));
    expect(out).toEqual({ onHand: toMilli(25), avgCost: 175, unitCost: 175 });
    expect(stockValue(out)).toBe(4375);
  });

  it("keeps fractional quantities and costs to four decimals", () => {
    const s = applyMovement(applyMovement({ onHand: 0, avgCost: 0 }, toMilli(1.5), 1000), toMilli(1.5), 1001);
    expect(s.avgCost).toBe(1000.5);
    expect(applyMovement({ onHand: toMilli(3), avgCost: 0 }, toMilli(1), 1).avgCost).toBe(0.25);
  });

  it("starts over from the entry's cost when stock was zero or below", () => {
    expect(applyMovement({ onHand: toMilli(-4), avgCost: 500 }, toMilli(10), 800)).toMatchObject({
      onHand: toMilli(6),
      avgCost: 800,
    });
    expect(applyMovement({ onHand: 0, avgCost: 500 }, toMilli(2))).toMatchObject({ avgCost: 500, unitCost: 500 });
  });

  it("conserves value through any sequence of entries (within rounding)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ q: fc.integer({ min: 1, max: 1_000_000 }), c: fc.integer({ min: 0, max: 100_000 }) }), {
          minLength: 1,
          maxLength: 20,
        }),
        (entries) => {
          let s = { onHand: 0, avgCost: 0 };
          let value = 0;
          for (const e of entries) {
            s = applyMovement(s, e.q, e.c);
            value += (e.q / 1000) * e.c;
          }
          expect(Math.abs(stockValue(s) - value)).toBeLessThanOrEqual(1 + value * 1e-6 + (s.onHand / 1000) * 0.0001);
        },
      ),
    );
  });
});
