import type { InventoryOutcome, InventoryUpdate, ListingPage } from "@timbre/core/platform-parts";
import { MagentoApiError, searchCriteria, type MagentoClient } from "../client/magento-client.js";

interface SourceItem {
  sku: string;
  source_code: string;
  quantity: number;
  status: number;
}

interface ProductRow {
  id: number;
  sku: string;
  name?: string;
  price?: number;
  type_id?: string;
  media_gallery_entries?: Array<{ file?: string }>;
}

/** Simple products only: configurable parents and bundles carry no stock of their own. */
const STOCKED_TYPES = new Set(["simple", "virtual"]);

/**
 * One page of Magento's simple products. Quantities are what the stock's sources hold (one request
 * for the page): what Magento has on hand, before its own reservations.
 */
export async function listProducts(
  client: MagentoClient,
  cursor: string | null,
  pageSize: number,
  linkedSources?: readonly string[],
): Promise<ListingPage> {
  const page = cursor ? Number(cursor) : 1;
  const r = await client.get<{ items: ProductRow[]; total_count: number }>(
    "products",
    {
      ...searchCriteria([], { pageSize, page, sort: ["entity_id", "ASC"] }),
      fields: "items[id,sku,name,price,type_id,media_gallery_entries[file]],total_count",
    },
    "all",
  );
  const media = `${client.url}/media/catalog/product`;
  const stocked = r.items.filter((p) => STOCKED_TYPES.has(p.type_id ?? "simple"));
  const onHand = linkedSources
    ? await sourceTotals(
        client,
        stocked.map((p) => p.sku),
        linkedSources,
      )
    : undefined;
  return {
    listings: stocked.map((p) => ({
      ref: { productId: p.sku },
      sku: p.sku || null,
      title: p.name ?? p.sku,
      ...(p.price !== undefined ? { price: Math.round(p.price) } : {}),
      quantity: onHand ? (onHand.get(p.sku) ?? 0) : null,
      imageUrls: (p.media_gallery_entries ?? []).flatMap((m) => (m.file ? [`${media}${m.file}`] : [])),
    })),
    nextCursor: page * pageSize < r.total_count ? String(page + 1) : null,
    total: r.total_count,
  };
}

/** Σ quantity of the stock's sources per SKU. */
async function sourceTotals(
  client: MagentoClient,
  skus: readonly string[],
  linkedSources: readonly string[],
): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  if (skus.length === 0) return totals;
  const r = await client.get<{ items: SourceItem[] }>(
    "inventory/source-items",
    searchCriteria([["sku", skus.join(","), "in"]], { pageSize: 1000 }),
    "all",
  );
  for (const i of r.items) {
    if (linkedSources.includes(i.source_code)) totals.set(i.sku, (totals.get(i.sku) ?? 0) + Number(i.quantity));
  }
  return totals;
}

/** Which of these SKUs are products in Magento (one request). */
async function existingSkus(client: MagentoClient, skus: readonly string[]): Promise<Set<string>> {
  const r = await client.get<{ items: Array<{ sku: string }> }>(
    "products",
    { ...searchCriteria([["sku", skus.join(","), "in"]], { pageSize: skus.length }), fields: "items[sku]" },
    "all",
  );
  return new Set(r.items.map((p) => p.sku));
}

/**
 * What Magento's own reservations hold per SKU in a stock (orders placed, not yet shipped or
 * cancelled): Σ source quantities − salable quantity. Magento subtracts them from what it sells, so
 * writing the hub's free stock as the source quantity would count the web orders twice.
 */
async function magentoReserved(
  client: MagentoClient,
  sku: string,
  stockId: number,
  sourceTotal: number,
): Promise<number> {
  try {
    const salable = Number(
      await client.get<number>(
        `inventory/get-product-salable-quantity/${encodeURIComponent(sku)}/${stockId}`,
        {},
        "all",
      ),
    );
    return Number.isFinite(salable) ? Math.max(0, sourceTotal - salable) : 0;
  } catch (e) {
    // A product not yet assigned to the stock's website has no salable quantity: nothing reserved.
    if (e instanceof MagentoApiError && !e.retryable) return 0;
    throw e;
  }
}

/**
 * Writes the hub's whole units as MSI source items so Magento's salable quantity equals them: the
 * store's source gets what the hub may sell plus what Magento itself holds for its open orders;
 * the stock's other sources keep theirs and are subtracted.
 */
export async function setSourceQuantities(
  client: MagentoClient,
  target: { sourceCode: string; stockId: number; linkedSources: readonly string[] },
  updates: readonly InventoryUpdate[],
): Promise<InventoryOutcome[]> {
  // The ref is Magento's SKU (listProducts): the hub's SKU may differ in case or be absent.
  const skuOf = (u: InventoryUpdate) => u.ref.productId;
  const known = await existingSkus(client, updates.map(skuOf));
  const writable = updates.filter((u) => known.has(skuOf(u)));
  const written =
    writable.length > 0
      ? await writeSourceItems(
          client,
          target,
          writable.map((u) => ({ ...u, sku: skuOf(u) })),
        )
      : [];
  const bySkuOutcome = new Map(writable.map((u, i) => [u, written[i]!]));
  return updates.map(
    (u) =>
      bySkuOutcome.get(u) ?? {
        ok: false as const,
        reason: "not_found" as const,
        message: `Magento no tiene el producto ${skuOf(u)}`,
      },
  );
}

async function writeSourceItems(
  client: MagentoClient,
  target: { sourceCode: string; stockId: number; linkedSources: readonly string[] },
  updates: readonly InventoryUpdate[],
): Promise<InventoryOutcome[]> {
  const skus = updates.map((u) => u.sku);
  const existing = await client.get<{ items: SourceItem[] }>(
    "inventory/source-items",
    searchCriteria([["sku", skus.join(","), "in"]], { pageSize: 500 }),
    "all",
  );
  const bySku = new Map<string, SourceItem[]>();
  for (const i of existing.items) {
    if (!target.linkedSources.includes(i.source_code)) continue;
    bySku.set(i.sku, [...(bySku.get(i.sku) ?? []), i]);
  }
  const items: SourceItem[] = [];
  for (const u of updates) {
    const rows = bySku.get(u.sku) ?? [];
    const total = rows.reduce((s, r) => s + Number(r.quantity), 0);
    const others = rows.filter((r) => r.source_code !== target.sourceCode).reduce((s, r) => s + Number(r.quantity), 0);
    const reserved = await magentoReserved(client, u.sku, target.stockId, total);
    const quantity = Math.max(0, u.quantity + reserved - others);
    items.push({ sku: u.sku, source_code: target.sourceCode, quantity, status: quantity > 0 ? 1 : 0 });
  }
  try {
    await client.post("inventory/source-items", { sourceItems: items }, "all");
    return updates.map(() => ({ ok: true as const }));
  } catch (e) {
    if (!(e instanceof MagentoApiError) || e.retryable) throw e;
    // One bad SKU fails the whole batch: write them one by one to tell which.
    const outcomes: InventoryOutcome[] = [];
    for (const item of items) {
      try {
        await client.post("inventory/source-items", { sourceItems: [item] }, "all");
        outcomes.push({ ok: true });
      } catch (one) {
        if (!(one instanceof MagentoApiError) || one.retryable) throw one;
        outcomes.push({ ok: false, reason: one.status === 404 ? "not_found" : "rejected", message: one.detail });
      }
    }
    return outcomes;
  }
}

/** The store's stock (the website's MSI stock) and the sources linked to it. */
export async function resolveStock(
  client: MagentoClient,
  website = "base",
): Promise<{ stockId: number; sources: string[] }> {
  const stock = await client.get<{ stock_id: number }>(`inventory/stock-resolver/website/${website}`, {}, "all");
  const links = await client.get<Array<{ source_code: string }>>(
    `inventory/get-sources-assigned-to-stock-ordered-by-priority/${stock.stock_id}`,
    {},
    "all",
  );
  return { stockId: stock.stock_id, sources: links.map((l) => l.source_code) };
}

export interface PublishedProduct {
  sku: string;
  name: string;
  shortName?: string | undefined;
  description?: string | undefined;
  /** Kilograms. */
  weight?: number | undefined;
  price: number;
  imageUrls: string[];
  /** Off: the product is disabled in Magento (never deleted: its orders keep pointing at it). */
  sellOnline: boolean;
}

/**
 * Creates or updates the products the hub sells online, with the data the hub keeps. Magento's
 * short_description carries the short online name. Images are added once by URL order (the hub's
 * first image is the base image) only when the product has none yet.
 */
export async function upsertProduct(client: MagentoClient, p: PublishedProduct, websiteId = 1): Promise<void> {
  const custom = [
    // Magento derives the URL key from the name and refuses a second product with the same one:
    // the SKU makes it unique (two hub products may share a name).
    { attribute_code: "url_key", value: urlKey(p.name, p.sku) },
    ...(p.shortName ? [{ attribute_code: "short_description", value: p.shortName }] : []),
    ...(p.description ? [{ attribute_code: "description", value: p.description }] : []),
  ];
  const product = {
    sku: p.sku,
    name: p.name,
    price: p.price,
    status: p.sellOnline ? 1 : 2,
    visibility: 4,
    type_id: "simple",
    attribute_set_id: 4,
    ...(p.weight !== undefined ? { weight: p.weight } : {}),
    extension_attributes: { website_ids: [websiteId] },
    custom_attributes: custom,
  };
  await client.put(`products/${encodeURIComponent(p.sku)}`, { product }, "all");
}

/** "Taza de greda", "TAZA-01" → "taza-de-greda-taza-01". */
export function urlKey(name: string, sku: string): string {
  const slug = (t: string) =>
    t
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  return [slug(name).slice(0, 180), slug(sku)].filter(Boolean).join("-");
}

export interface TierPrice {
  sku: string;
  price: number;
  customerGroup: string;
}

/**
 * Sets the customer group's fixed tier prices (quantity 1, all websites) to exactly these. A hub
 * price list assigned to a Magento customer group becomes its tier prices.
 */
export async function setGroupTierPrices(
  client: MagentoClient,
  group: string,
  prices: readonly TierPrice[],
  previous: readonly string[],
): Promise<void> {
  const gone = previous.filter((sku) => !prices.some((p) => p.sku === sku));
  if (gone.length > 0) {
    const existing = await client.post<
      Array<{
        sku: string;
        price: number;
        price_type: string;
        website_id: number;
        customer_group: string;
        quantity: number;
      }>
    >("products/tier-prices-information", { skus: gone }, "all");
    const mine = existing.filter((t) => t.customer_group === group);
    if (mine.length > 0) await client.post("products/tier-prices-delete", { prices: mine }, "all");
  }
  if (prices.length === 0) return;
  const errors = await client.post<Array<{ message: string; parameters?: string[] }>>(
    "products/tier-prices",
    {
      prices: prices.map((p) => ({
        sku: p.sku,
        price: p.price,
        price_type: "fixed",
        website_id: 0,
        customer_group: group,
        quantity: 1,
      })),
    },
    "all",
  );
  if (errors.length > 0) {
    throw new MagentoApiError(
      400,
      errors.map((e) => e.message.replace(/%(\w+)/g, (_, k) => e.parameters?.[Number(k) - 1] ?? k)).join("; "),
      "products/tier-prices",
    );
  }
}
