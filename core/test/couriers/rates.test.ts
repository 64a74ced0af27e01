import { describe, expect, it } from "vitest";
import { goodsTotal } from "../../src/rules/couriers/goods-total.js";
import {
  CommissionSchema,
  commissionFor,
  quoteDelivery,
  ShippingRateSchema,
  type ShippingRate,
} from "../../src/rules/couriers/rates.js";

const flat: ShippingRate = { kind: "flat", amount: 3990 };
const weight: ShippingRate = {
  kind: "weight",
  bands: [
    { upToGrams: 1000, amount: 2990 },
    { upToGrams: 5000, amount: 4990 },
    { upToGrams: 20000, amount: 8990 },
  ],
};

describe("shipping fee", () => {
  it("charges a flat fee whatever the weight", () => {
    expect(quoteDelivery(flat, { kind: "amount", amount: 1500 }, { goodsTotal: 10_000 })).toEqual({
      ok: true,
      listFee: 3990,
      fee: 3990,
      free: false,
      commission: 1500,
    });
    expect(
      quoteDelivery(flat, { kind: "amount", amount: 1500 }, { goodsTotal: 10_000, weightGrams: 50_000 }),
    ).toMatchObject({ fee: 3990 });
  });

  it("charges the first weight band the parcel fits, band edges included", () => {
    const q = (g: number) => quoteDelivery(weight, { kind: "amount", amount: 0 }, { goodsTotal: 0, weightGrams: g });
    expect(q(1)).toMatchObject({ fee: 2990 });
    expect(q(1000)).toMatchObject({ fee: 2990 });
    expect(q(1001)).toMatchObject({ fee: 4990 });
    expect(q(5000)).toMatchObject({ fee: 4990 });
    expect(q(20000)).toMatchObject({ fee: 8990 });
  });

  it("refuses to price a parcel heavier than the last band, or of unknown weight, instead of guessing", () => {
    expect(quoteDelivery(weight, { kind: "amount", amount: 0 }, { goodsTotal: 0, weightGrams: 20001 })).toMatchObject({
      ok: false,
      code: "over_max_weight",
    });
    expect(quoteDelivery(weight, { kind: "amount", amount: 0 }, { goodsTotal: 0 })).toMatchObject({
      ok: false,
      code: "weight_required",
    });
  });

  it("is free from the threshold on (inclusive), for flat and weight rates alike", () => {
    const freeFlat: ShippingRate = { ...flat, freeFrom: 30_000 };
    expect(quoteDelivery(freeFlat, { kind: "amount", amount: 1000 }, { goodsTotal: 29_999 })).toMatchObject({
      fee: 3990,
      free: false,
    });
    expect(quoteDelivery(freeFlat, { kind: "amount", amount: 1000 }, { goodsTotal: 30_000 })).toMatchObject({
      fee: 0,
      free: true,
      listFee: 3990,
    });
    const freeWeight: ShippingRate = { ...weight, freeFrom: 50_000 };
    expect(
      quoteDelivery(freeWeight, { kind: "amount", amount: 0 }, { goodsTotal: 60_000, weightGrams: 3000 }),
    ).toMatchObject({ fee: 0, listFee: 4990, free: true });
  });

  it("validates rates: whole pesos, bands going up in weight", () => {
    expect(ShippingRateSchema.safeParse({ kind: "flat", amount: 3990.5 }).success).toBe(false);
    expect(ShippingRateSchema.safeParse({ kind: "flat", amount: -1 }).success).toBe(false);
    expect(ShippingRateSchema.safeParse({ kind: "weight", bands: [] }).success).toBe(false);
    expect(
      ShippingRateSchema.safeParse({
        kind: "weight",
        bands: [
          { upToGrams: 5000, amount: 1 },
          { upToGrams: 5000, amount: 2 },
        ],
      }).success,
    ).toBe(false);
    expect(
      ShippingRateSchema.safeParse({
        kind: "weight",
        bands: [
          { upToGrams: 5000, amount: 1 },
          { upToGrams: 1000, amount: 2 },
        ],
      }).success,
    ).toBe(false);
    expect(ShippingRateSchema.safeParse(weight).success).toBe(true);
  });
});

describe("courier commission", () => {
  it("pays a fixed amount per delivery", () => {
    expect(commissionFor({ kind: "amount", amount: 1800 }, 3990)).toBe(1800);
  });

  it("pays a percentage of the fee, rounded half up to whole pesos", () => {
    expect(commissionFor({ kind: "percent", percent: 40 }, 3990)).toBe(1596);
    expect(commissionFor({ kind: "percent", percent: 12.5 }, 3990)).toBe(499); // 498.75
    expect(commissionFor({ kind: "percent", percent: 50 }, 2995)).toBe(1498); // 1497.5
    expect(commissionFor({ kind: "percent", percent: 0 }, 3990)).toBe(0);
    expect(commissionFor({ kind: "percent", percent: 100 }, 3990)).toBe(3990);
  });

  it("still pays the courier a percentage when the buyer's shipping was free", () => {
    const q = quoteDelivery(
      { kind: "flat", amount: 4000, freeFrom: 1 },
      { kind: "percent", percent: 25 },
      { goodsTotal: 10 },
    );
    expect(q).toMatchObject({ fee: 0, commission: 1000 });
    // By weight too: the percentage is of the band the parcel fell in, free or not.
    const heavy = (goodsTotal: number) =>
      quoteDelivery(
        { ...weight, freeFrom: 50_000 },
        { kind: "percent", percent: 40 },
        { goodsTotal, weightGrams: 4000 },
      );
    expect(heavy(10_000)).toEqual({ ok: true, listFee: 4990, fee: 4990, free: false, commission: 1996 });
    expect(heavy(50_000)).toEqual({ ok: true, listFee: 4990, fee: 0, free: true, commission: 1996 });
  });

  it("accepts percentages with at most two decimals, between 0 and 100", () => {
    expect(CommissionSchema.safeParse({ kind: "percent", percent: 12.34 }).success).toBe(true);
    expect(CommissionSchema.safeParse({ kind: "percent", percent: 12.345 }).success).toBe(false);
    expect(CommissionSchema.safeParse({ kind: "percent", percent: 101 }).success).toBe(false);
    expect(CommissionSchema.safeParse({ kind: "amount", amount: 10.5 }).success).toBe(false);
  });
});

describe("goods total (the base of free shipping)", () => {
  const line = (over: Record<string, unknown>) => ({
    externalId: "1",
    name: "x",
    quantity: 1,
    unitPrice: 1000,
    discount: 0,
    exempt: false,
    ...over,
  });
  it("sums lines after their discounts, gross", () => {
    expect(
      goodsTotal(
        [line({ quantity: 2, unitPrice: 4990, discount: 980 }), line({ externalId: "2", unitPrice: 1000 })],
        true,
      ),
    ).toBe(10_000);
  });
  it("adds IVA to net prices, except on exempt lines", () => {
    expect(
      goodsTotal([line({ unitPrice: 10_000 }), line({ externalId: "2", unitPrice: 5000, exempt: true })], false),
    ).toBe(16_900);
  });
});
