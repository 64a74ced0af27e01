import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { freeStock, storeAvailable } from "../../../src/rules/stock/available.js";
import { toMilli } from "../../../src/rules/stock/quantity.js";

const b = (onHand: number, reserved = 0) => ({ onHand: toMilli(onHand), reserved: toMilli(reserved) });

describe("what a store shows", () => {
  it("is on hand − reserved − buffer, in whole units", () => {
    expect(storeAvailable([b(10.5, 2)], toMilli(1))).toBe(7);
    expect(storeAvailable([b(3.999)], 0)).toBe(3);
  });

  it("sums the warehouses that feed the store, a short one not eating another's stock", () => {
    expect(storeAvailable([b(4), b(6, 1)], 0)).toBe(9);
    expect(storeAvailable([b(-5), b(6)], 0)).toBe(6);
    expect(freeStock(b(2, 5))).toBe(0);
  });

  it("is never negative and 0 when the store must not sell it", () => {
    expect(storeAvailable([b(-3)], 0)).toBe(0);
    expect(storeAvailable([b(2)], toMilli(5))).toBe(0);
    expect(storeAvailable([b(50)], 0, false)).toBe(0);
    expect(storeAvailable([], 0)).toBe(0);
  });

  it("never promises more than the free stock, whatever the numbers", () => {
    const qty = fc.integer({ min: -1e9, max: 1e9 });
    fc.assert(
      fc.property(
        fc.array(fc.record({ onHand: qty, reserved: fc.nat(1e9) }), { maxLength: 5 }),
        fc.nat(1e6),
        (feeds, buffer) => {
          const shown = storeAvailable(feeds, buffer);
          const free = feeds.reduce((s, f) => s + Math.max(0, f.onHand - f.reserved), 0);
          expect(Number.isInteger(shown)).toBe(true);
          expect(shown).toBeGreaterThanOrEqual(0);
          expect(shown * 1000).toBeLessThanOrEqual(Math.max(0, free - buffer));
        },
      ),
    );
  });
});
