import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate } from "../../../src/rules/stock/allocation.js";

describe("allocating a sale to warehouses", () => {
  it("takes from the warehouses in priority order", () => {
    expect(
      allocate(5, [
        { warehouseId: "a", free: 3 },
        { warehouseId: "b", free: 10 },
      ]),
    ).toEqual({
      takes: [
        { warehouseId: "a", quantity: 3 },
        { warehouseId: "b", quantity: 2 },
      ],
      short: 0,
    });
    expect(allocate(5, [{ warehouseId: "a", free: 2 }])).toEqual({
      takes: [{ warehouseId: "a", quantity: 2 }],
      short: 3,
    });
  });

  it("never takes more than is free, and accounts for every unit", () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.array(fc.integer({ min: -1e6, max: 1e9 }), { maxLength: 6 }), (need, frees) => {
        const sources = frees.map((free, i) => ({ warehouseId: String(i), free }));
        const a = allocate(need, sources);
        expect(a.takes.reduce((s, t) => s + t.quantity, 0) + a.short).toBe(need);
        for (const t of a.takes) expect(t.quantity).toBeLessThanOrEqual(sources[Number(t.warehouseId)]!.free);
      }),
    );
  });
});
