import type {
  InventoryOutcome,
  InventoryUpdate,
  ListingPage,
  PlatformLimits,
  PlatformListing,
  StoreCatalogPort,
} from "@timbre/core/platform-parts";
import type { MeliClient } from "../client/meli-client.js";
import { ItemSchema, skuOf, type MeliItem, type MeliVariation } from "./item-schemas.js";
import { managedQuantity, readUserProductStock, setUserProductQuantity, targetFor } from "./user-product-stock.js";

/**
 * Requests per seller: ML publishes no figure (research A6) and VTEX's bridge shows 429s on stock
 * bursts, so the app stays well under what integrators report working. Every request of the app to
 * one seller shares this budget; stock pushes are paced lower by the hub.
 */
export const MELI_SELLER_LIMITS = { perSecond: 8, perMinute: 400 };

/**
 * One setInventory call is one multiget of up to 20 items (`/items?ids=`) and one write per item
 * (PUT /items/{id}, every variation in it) or per user product (stock PUT with `x-version`): more
 * than one HTTP request, each paced by the seller's limiter in the client.
 */
export const MELI_CATALOG_LIMITS: PlatformLimits = {
  inventoryBatchSize: 20,
  pageSize: 20,
  perSecond: 2,
  perMinute: 100,
  compareAndSet: true,
};

/** How the catalog port knows the seller. */
export interface SellerProfile {
  userId: string;
  /** The seller has several depots (`warehouse_management`): stock goes to user-products seller_warehouse. */
  multiWarehouse: boolean;
  /** The depot (store_id) Timbre's quantity goes to for multi-warehouse sellers; the first one when null. */
  warehouseStoreId: string | null;
}

const UP_PREFIX = "up:";

/**
 * An item whose stock is written through its user product: every item of a multi-warehouse seller,
 * and Full items (their seller part is the Flex `selling_address`). The rest take PUT /items.
 */
function userProductOf(
  item: MeliItem,
  variation: MeliVariation | undefined,
  seller: SellerProfile,
): string | undefined {
  const up = variation?.user_product_id ?? item.user_product_id;
  if (!up) return undefined;
  const full = item.shipping?.logistic_type === "fulfillment";
  return seller.multiWarehouse || full ? up : undefined;
}

function variationTitle(item: MeliItem, v: NonNullable<MeliItem["variations"]>[number]): string {
  const attrs = (v.attribute_combinations ?? []).map((a) => a.value_name).filter(Boolean);
  return [item.title ?? item.id, ...attrs].join(" ").slice(0, 255);
}

/**
 * Items by id: the documented multiget (`/items?ids=`, up to 20) in one request; an API that does
 * not answer it (a stand-in, an old proxy) gets one GET per item instead.
 */
async function multiget(client: MeliClient, ids: readonly string[]): Promise<Map<string, MeliItem>> {
  const out = new Map<string, MeliItem>();
  if (ids.length === 0) return out;
  const r = await client.request<unknown>({
    method: "GET",
    path: "/items",
    query: { ids: ids.join(",") },
    expect: [400, 404],
  });
  const rows = r.status === 200 && Array.isArray(r.body) ? (r.body as Array<{ code?: unknown; body?: unknown }>) : null;
  if (rows && rows.every((row) => row && typeof row === "object" && "code" in row)) {
    for (const row of rows) {
      if (row.code !== 200) continue;
      const parsed = ItemSchema.safeParse(row.body);
      if (parsed.success) out.set(parsed.data.id, parsed.data);
    }
    return out;
  }
  for (const id of ids) {
    const item = await readItem(client, id);
    if (item) out.set(item.id, item);
  }
  return out;
}

/** The listings of one item: one per variation, or the item itself. */
export async function itemListings(
  client: MeliClient,
  item: MeliItem,
  seller: SellerProfile,
): Promise<PlatformListing[]> {
  const images = (item.pictures ?? []).map((p) => p.secure_url ?? p.url).filter((u): u is string => !!u);
  const price = item.price != null ? Math.round(item.price) : undefined;
  const units = async (up: string | undefined, plain: number | null | undefined): Promise<number | null> => {
    if (!up) return plain ?? null;
    const read = await readUserProductStock(client, up);
    const target = read ? targetFor(read.stock, seller.warehouseStoreId) : null;
    return read && target ? managedQuantity(read.stock, target) : null;
  };
  if (item.variations && item.variations.length > 0) {
    const out: PlatformListing[] = [];
    for (const v of item.variations) {
      const up = userProductOf(item, v, seller);
      out.push({
        ref: { productId: item.id, variantId: v.id, ...(up ? { inventoryItemId: `${UP_PREFIX}${up}` } : {}) },
        sku: skuOf(v),
        title: variationTitle(item, v),
        ...(price !== undefined ? { price } : {}),
        quantity: await units(up, v.available_quantity),
        imageUrls: images,
      });
    }
    return out;
  }
  const up = userProductOf(item, undefined, seller);
  return [
    {
      ref: { productId: item.id, ...(up ? { inventoryItemId: `${UP_PREFIX}${up}` } : {}) },
      sku: skuOf(item),
      title: (item.title ?? item.id).slice(0, 255),
      ...(price !== undefined ? { price } : {}),
      quantity: await units(up, item.available_quantity),
      imageUrls: images,
    },
  ];
}

/** The item as the API shows it now, or null. */
export async function readItem(client: MeliClient, itemId: string): Promise<MeliItem | null> {
  const r = await client.request({ method: "GET", path: `/items/${encodeURIComponent(itemId)}`, expect: [404] });
  return r.status === 404 ? null : ItemSchema.parse(r.body);
}

interface Cursor {
  mode: "offset" | "scan";
  offset: number;
  scrollId?: string | undefined;
}
const encode = (c: Cursor) => JSON.stringify(c);
const decode = (s: string | null): Cursor => (s ? (JSON.parse(s) as Cursor) : { mode: "offset", offset: 0 });

/** Offset paging stops at 1000 results; beyond that ML asks for `search_type=scan` with a scroll id. */
const OFFSET_MAX = 1000;

export function meliCatalogPort(client: MeliClient, seller: () => Promise<SellerProfile>): StoreCatalogPort {
  return {
    limits: MELI_CATALOG_LIMITS,

    async listListings(cursor): Promise<ListingPage> {
      const profile = await seller();
      const c = decode(cursor);
      const limit = MELI_CATALOG_LIMITS.pageSize;
      const search = await client.get<{ results?: unknown[]; paging?: { total?: number }; scroll_id?: string }>(
        `/users/${encodeURIComponent(profile.userId)}/items/search`,
        c.mode === "scan"
          ? { search_type: "scan", limit, ...(c.scrollId ? { scroll_id: c.scrollId } : {}) }
          : { offset: c.offset, limit },
      );
      const ids = (search.results ?? []).map(String);
      const total = search.paging?.total;
      if (c.mode === "offset" && c.offset === 0 && total !== undefined && total > OFFSET_MAX) {
        return this.listListings(encode({ mode: "scan", offset: 0 }));
      }
      const items = await multiget(client, ids);
      const listings: PlatformListing[] = [];
      for (const id of ids) {
        const item = items.get(id);
        if (item) listings.push(...(await itemListings(client, item, profile)));
      }
      let next: Cursor | null = null;
      if (ids.length > 0) {
        if (c.mode === "scan") next = search.scroll_id ? { mode: "scan", offset: 0, scrollId: search.scroll_id } : null;
        else if (total === undefined || c.offset + ids.length < total)
          next = { mode: "offset", offset: c.offset + ids.length };
      }
      return { listings, nextCursor: next ? encode(next) : null, ...(total !== undefined ? { total } : {}) };
    },

    async setInventory(updates: readonly InventoryUpdate[]): Promise<InventoryOutcome[]> {
      const profile = await seller();
      const outcomes: InventoryOutcome[] = updates.map(() => ({
        ok: false,
        reason: "rejected",
        message: "not attempted",
      }));
      const plain: number[] = [];
      for (const [i, u] of updates.entries()) {
        const up = u.ref.inventoryItemId?.startsWith(UP_PREFIX)
          ? u.ref.inventoryItemId.slice(UP_PREFIX.length)
          : undefined;
        if (up)
          outcomes[i] = await setUserProductQuantity(client, up, u.quantity, u.expected, profile.warehouseStoreId);
        else plain.push(i);
      }
      if (plain.length === 0) return outcomes;
      const items = await multiget(client, [...new Set(plain.map((i) => updates[i]!.ref.productId))]);
      const byItem = new Map<string, number[]>();
      for (const i of plain) {
        const id = updates[i]!.ref.productId;
        byItem.set(id, [...(byItem.get(id) ?? []), i]);
      }
      for (const [itemId, indexes] of byItem) {
        const item = items.get(itemId);
        if (!item) {
          for (const i of indexes)
            outcomes[i] = { ok: false, reason: "not_found", message: `item ${itemId} not found` };
          continue;
        }
        await writeItem(client, item, indexes, updates, outcomes);
      }
      return outcomes;
    },
  };
}

/**
 * PUT /items/{id} with `available_quantity`, or with every variation of the item (ML recreates
 * variations sent without their id and drops the ones left out): ours with the new quantity, the
 * others with what they have.
 */
async function writeItem(
  client: MeliClient,
  item: MeliItem,
  indexes: number[],
  updates: readonly InventoryUpdate[],
  outcomes: InventoryOutcome[],
): Promise<void> {
  const variations = item.variations ?? [];
  const changes = new Map<string, number>();
  const writing: number[] = [];
  for (const i of indexes) {
    const u = updates[i]!;
    const current = u.ref.variantId
      ? variations.find((v) => v.id === u.ref.variantId)?.available_quantity
      : variations.length === 0
        ? item.available_quantity
        : undefined;
    if (current === undefined || current === null) {
      outcomes[i] = {
        ok: false,
        reason: "not_found",
        message: `${u.ref.variantId ? "variation" : "item"} not found on ${item.id}`,
      };
    } else if (u.expected !== null && current !== u.expected) {
      outcomes[i] = { ok: false, reason: "stale", actual: current };
    } else {
      changes.set(u.ref.variantId ?? "", u.quantity);
      writing.push(i);
    }
  }
  if (writing.length === 0) return;
  const body =
    variations.length === 0
      ? { available_quantity: changes.get("")! }
      : {
          variations: variations.map((v) => ({
            id: v.id,
            available_quantity: changes.get(v.id) ?? v.available_quantity ?? 0,
          })),
        };
  const r = await client.request({
    method: "PUT",
    path: `/items/${encodeURIComponent(item.id)}`,
    json: body,
    expect: [400, 404],
  });
  for (const i of writing) {
    outcomes[i] =
      r.status === 404
        ? { ok: false, reason: "not_found", message: `item ${item.id} not found` }
        : r.status === 400
          ? {
              ok: false,
              reason: "rejected",
              message: `Mercado Libre rechazó el stock: ${JSON.stringify(r.body).slice(0, 200)}`,
            }
          : { ok: true };
  }
}
