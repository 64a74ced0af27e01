import { findComuna } from "../../rules/couriers/comuna-lookup.js";
import { quoteDelivery } from "../../rules/couriers/rates.js";
import { matchZone } from "../../rules/couriers/zones.js";
import type { Db } from "../db/prisma-client.js";
import { zoneDefinition, zoneTerms } from "./zone-view.js";

export interface ShippingQuoteInput {
  comuna: string;
  postalCode?: string | undefined;
  goodsTotal: number;
  weightGrams?: number | undefined;
}

export type ShippingQuote =
  | {
      deliverable: true;
      zone: string;
      comuna: { code: string; name: string };
      fee: number;
      listFee: number;
      free: boolean;
    }
  | { deliverable: false; zone?: string; reason: { code: string; message: string } };

/** The own-courier fee a store's checkout shows for an address and cart: its zone, fee, and whether it is free. */
export async function quoteShipping(db: Db, companyId: string, q: ShippingQuoteInput): Promise<ShippingQuote> {
  const comuna = findComuna(q.comuna);
  if (!comuna) {
    return {
      deliverable: false,
      reason: { code: "unknown_comuna", message: `No se reconoce la comuna "${q.comuna}".` },
    };
  }
  const zones = await db.deliveryZone.findMany({
    where: { companyId, active: true },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
  const match = matchZone(zones.map(zoneDefinition), { comunaCode: comuna.code, postalCode: q.postalCode });
  const zone = match && zones.find((z) => z.id === match.zoneId);
  if (!zone) {
    return {
      deliverable: false,
      reason: { code: "no_zone", message: `${comuna.name} no está en ninguna zona de reparto.` },
    };
  }
  const { rate, commission } = zoneTerms(zone);
  const quote = quoteDelivery(rate, commission, { goodsTotal: q.goodsTotal, weightGrams: q.weightGrams });
  if (!quote.ok) return { deliverable: false, zone: zone.name, reason: { code: quote.code, message: quote.message } };
  return {
    deliverable: true,
    zone: zone.name,
    comuna: { code: comuna.code, name: comuna.name },
    fee: quote.fee,
    listFee: quote.listFee,
    free: quote.free,
  };
}
