import type { UsageTier } from "./tiers.js";

export interface FairUseInput {
  tier: UsageTier;
  /** Orders counted in the month (the tier's measure). */
  orders: number;
  /** Documents the company issued in the month, any type, from orders or by hand. */
  documents: number;
  /** Active products in the catalogue. */
  products: number;
}

export interface FairUseWarning {
  code: "documents" | "products";
  /** What was measured and what the tier typically sees. */
  actual: number;
  typical: number;
  message: { es: string; en: string };
}

/** How far above typical is "far": below it nobody hears about it. */
export const FAIR_USE_FACTOR = 5;

/**
 * Far above what the tier typically uses: a warning for the admin, never a cut and never a price
 * change. Products are unlimited by the price list, so this only asks the merchant to talk to us.
 */
export function fairUse(i: FairUseInput): FairUseWarning[] {
  const out: FairUseWarning[] = [];
  const bandOrders = Math.max(i.tier.to ?? i.orders, i.orders, 1);
  const typicalDocs = Math.max(50, bandOrders) * i.tier.typical.documentsPerOrder;
  if (i.documents > typicalDocs * FAIR_USE_FACTOR) {
    out.push({
      code: "documents",
      actual: i.documents,
      typical: typicalDocs,
      message: {
        es: `Este mes se emitieron ${i.documents} documentos, muy por sobre lo habitual en su plan (unos ${typicalDocs}). No se corta el servicio; conversemos si su uso seguirá así.`,
        en: `${i.documents} documents were issued this month, far above what the plan typically sees (about ${typicalDocs}). Nothing is cut; let's talk if it stays this way.`,
      },
    });
  }
  if (i.products > i.tier.typical.products * FAIR_USE_FACTOR) {
    out.push({
      code: "products",
      actual: i.products,
      typical: i.tier.typical.products,
      message: {
        es: `Su catálogo tiene ${i.products} productos, muy por sobre lo habitual en su plan (unos ${i.tier.typical.products}). Los productos no tienen límite; conversemos si necesita más capacidad.`,
        en: `The catalogue has ${i.products} products, far above what the plan typically sees (about ${i.tier.typical.products}). Products are unlimited; let's talk if you need more capacity.`,
      },
    });
  }
  return out;
}
