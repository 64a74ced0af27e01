import { z } from "zod";

/** Magento's sync every 3 minutes by default (the seed), down to 10 seconds per store. */
export const DEFAULT_SYNC_SECONDS = 180;
export const MIN_SYNC_SECONDS = 10;

export const MagentoSettingsSchema = z.object({
  url: z.string().default(""),
  syncIntervalSeconds: z.number().int().min(MIN_SYNC_SECONDS).max(86_400).default(DEFAULT_SYNC_SECONDS),
  /** The website whose MSI stock the store sells from ("base" on a single-site shop). */
  website: z.string().default("base"),
  websiteId: z.number().int().min(0).default(1),
  /** The MSI source the hub's stock is written to; by default the stock's first source. */
  sourceCode: z.string().optional(),
  /** The module answers GET /V1/timbre/version: documents go to its table (else order comments). */
  moduleVersion: z.string().nullable().default(null),
  /** Per customer group: the SKUs whose tier price we set last time (to remove the ones dropped). */
  tierSkus: z.record(z.string(), z.array(z.string())).default({}),
  /** Per SKU: a digest of the product data last written to Magento ("sell online" publishing). */
  productDigests: z.record(z.string(), z.string()).default({}),
  /** Per SKU: the hub's image URLs last put in the product's gallery. */
  productImages: z.record(z.string(), z.array(z.string())).default({}),
  /** Per customer e-mail: the group last put on the customer in Magento (from the hub's record). */
  customerGroups: z.record(z.string(), z.string()).default({}),
  /** Per customer group: a digest of the prices last published, so an unchanged list costs no request. */
  tierDigest: z.record(z.string(), z.string()).default({}),
});
export type MagentoSettings = z.output<typeof MagentoSettingsSchema>;
