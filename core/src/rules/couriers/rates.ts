import { z } from "zod";
import { percentOf } from "../amounts.js";

const Clp = z.number().int("must be whole pesos (CLP)").min(0).max(100_000_000);

const FreeFrom = Clp.optional().describe("Shipping is free when the goods total is at least this amount (CLP)");

/** What a zone charges the buyer: one amount, or by weight band; either may be free from an amount. */
export const ShippingRateSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("flat"), amount: Clp, freeFrom: FreeFrom }),
  z.object({
    kind: z.literal("weight"),
    /** Ascending: a parcel pays the first band whose `upToGrams` it does not exceed. */
    bands: z
      .array(z.object({ upToGrams: z.number().int().positive().max(1_000_000), amount: Clp }))
      .min(1)
      .max(50)
      .refine((b) => b.every((x, i) => i === 0 || x.upToGrams > b[i - 1]!.upToGrams), "bands must go up in weight"),
    freeFrom: FreeFrom,
  }),
]);

/** What the courier earns per delivery: a fixed amount, or a percentage (up to 2 decimals) of the zone's fee. */
export const CommissionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("amount"), amount: Clp }),
  z.object({
    kind: z.literal("percent"),
    percent: z
      .number()
      .min(0)
      .max(100)
      .refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-9, "at most two decimals"),
  }),
]);

export type ShippingRate = z.output<typeof ShippingRateSchema>;
export type Commission = z.output<typeof CommissionSchema>;

export interface ParcelFacts {
  /** Goods total the buyer pays (CLP, IVA included), without shipping. */
  goodsTotal: number;
  weightGrams?: number | undefined;
}

export type Quote =
  | {
      ok: true;
      /** What the rate says before the free-shipping threshold. */
      listFee: number;
      /** What the buyer pays: 0 when the goods total reached `freeFrom`. */
      fee: number;
      free: boolean;
      commission: number;
    }
  | { ok: false; code: "weight_required" | "over_max_weight"; message: string };

function listFeeOf(rate: ShippingRate, weightGrams: number | undefined): number | Extract<Quote, { ok: false }> {
  if (rate.kind === "flat") return rate.amount;
  if (weightGrams === undefined) {
    return {
      ok: false,
      code: "weight_required",
      message: "La tarifa de la zona es por peso y no se conoce el peso del envío.",
    };
  }
  const band = rate.bands.find((b) => weightGrams <= b.upToGrams);
  if (!band) {
    const max = rate.bands[rate.bands.length - 1]!.upToGrams;
    return {
      ok: false,
      code: "over_max_weight",
      message: `El envío pesa ${weightGrams} g y la tarifa llega hasta ${max} g.`,
    };
  }
  return band.amount;
}

/** The courier's commission; a percentage applies to the list fee, so a free shipping still pays the courier. */
export function commissionFor(commission: Commission, listFee: number): number {
  return commission.kind === "amount" ? commission.amount : percentOf(listFee, commission.percent);
}

/** The fee the buyer pays and the commission the courier earns for one parcel in a zone. */
export function quoteDelivery(rate: ShippingRate, commission: Commission, parcel: ParcelFacts): Quote {
  const listFee = listFeeOf(rate, parcel.weightGrams);
  if (typeof listFee !== "number") return listFee;
  const free = rate.freeFrom !== undefined && parcel.goodsTotal >= rate.freeFrom;
  return { ok: true, listFee, fee: free ? 0 : listFee, free, commission: commissionFor(commission, listFee) };
}
