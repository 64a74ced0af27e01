import type { Db } from "../db/prisma-client.js";

export interface ListingReport {
  counts: { listings: number; matched: number; unmatched: number; duplicate: number; missingSku: number };
  /** SKUs the store has and the hub does not (up to `limit`). */
  unmatched: Array<{ sku: string; title: string }>;
  /** SKUs the store lists more than once: their orders stay pending and they show 0 until fixed. */
  duplicates: Array<{
    sku: string;
    listings: Array<{ productId: string | null; variantId: string | null; title: string }>;
  }>;
  missingSku: Array<{ productId: string | null; variantId: string | null; title: string }>;
}

/** What is wrong with a store's catalog now, from its listings. */
export async function listingReport(db: Db, storeId: string, limit = 500): Promise<ListingReport> {
  const grouped = await db.storeListing.groupBy({ by: ["status"], where: { storeId }, _count: { _all: true } });
  const count = (s: string) => grouped.find((g) => g.status === s)?._count._all ?? 0;
  const [unmatched, dups, missing] = await Promise.all([
    db.storeListing.findMany({
      where: { storeId, status: "unmatched" },
      orderBy: { sku: "asc" },
      take: limit,
      select: { sku: true, title: true },
    }),
    db.storeListing.findMany({
      where: { storeId, status: "duplicate" },
      orderBy: [{ sku: "asc" }, { key: "asc" }],
      take: limit * 4,
      select: { sku: true, title: true, platformProductId: true, platformVariantId: true },
    }),
    db.storeListing.findMany({
      where: { storeId, status: "missing_sku" },
      orderBy: { key: "asc" },
      take: limit,
      select: { title: true, platformProductId: true, platformVariantId: true },
    }),
  ]);
  const bySku = new Map<string, ListingReport["duplicates"][number]>();
  for (const d of dups) {
    const entry = bySku.get(d.sku ?? "") ?? { sku: d.sku ?? "", listings: [] };
    entry.listings.push({ productId: d.platformProductId, variantId: d.platformVariantId, title: d.title });
    bySku.set(entry.sku, entry);
  }
  return {
    counts: {
      listings: grouped.reduce((s, g) => s + g._count._all, 0),
      matched: count("matched"),
      unmatched: count("unmatched"),
      duplicate: count("duplicate"),
      missingSku: count("missing_sku"),
    },
    unmatched: unmatched.map((u) => ({ sku: u.sku ?? "", title: u.title })),
    duplicates: [...bySku.values()].slice(0, limit),
    missingSku: missing.map((m) => ({
      productId: m.platformProductId,
      variantId: m.platformVariantId,
      title: m.title,
    })),
  };
}
