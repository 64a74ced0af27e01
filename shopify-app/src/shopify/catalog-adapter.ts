import { createHash } from "node:crypto";
import {
  PLATFORM_LIMITS,
  type InventoryOutcome,
  type InventoryUpdate,
  type ListingPage,
  type PlatformListing,
  type StoreCatalogPort,
} from "@timbre/core/platform-parts";
import type { ShopifyGraphqlClient } from "./graphql-client.js";
import { INVENTORY_LEVELS, SET_INVENTORY, VARIANTS_PAGE, VARIANT_ITEMS } from "./graphql-operations.js";
import { gid, idString } from "./lossless-json.js";
import { clpFromAmount } from "./money.js";

/**
 * The Shopify catalog port: variants (every Shopify product has at least one, so refs always carry
 * productId, variantId and inventoryItemId, as numeric strings) and their `available` quantity at the
 * store's location. Writes use inventorySetQuantities with `changeFromQuantity` (compare-and-set,
 * mandatory from 2026-04) and an idempotency key, so a retried request is applied once.
 *
 * One request per call in the normal case. Extra requests happen only for what Shopify cannot say in
 * one: refs without an inventory item id (looked up first), and a batch Shopify refused because of
 * some of its items (the mutation is all or nothing): the stale ones' actual quantities are read and
 * the rest are sent again.
 */
interface VariantNode {
  id: string;
  sku: string | null;
  title: string;
  displayName?: string;
  price: string;
  product: { id: string; title: string; hasOnlyDefaultVariant: boolean };
  inventoryItem: {
    id: string;
    tracked: boolean;
    inventoryLevel: { quantities: Array<{ name: string; quantity: number }> } | null;
  };
}

interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export interface ShopifyCatalogOptions {
  /** The location whose stock Timbre publishes (numeric id or GID). */
  locationId: () => Promise<string>;
  /** Idempotency keys are stable within this window, so a retry of the same write is applied once. */
  idempotencyWindowMs?: number;
  now?: () => number;
}

export function shopifyCatalogPort(client: ShopifyGraphqlClient, options: ShopifyCatalogOptions): StoreCatalogPort {
  const limits = PLATFORM_LIMITS.shopify;
  const now = options.now ?? Date.now;
  const windowMs = options.idempotencyWindowMs ?? 10 * 60_000;

  async function listListings(cursor: string | null): Promise<ListingPage> {
    const locationId = gid("Location", await options.locationId());
    const data = await client.once<{
      productVariants: { nodes: VariantNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    }>(VARIANTS_PAGE, { first: limits.pageSize, after: cursor, locationId });
    const listings: PlatformListing[] = data.productVariants.nodes.map(toListing);
    const { hasNextPage, endCursor } = data.productVariants.pageInfo;
    return { listings, nextCursor: hasNextPage && endCursor ? endCursor : null };
  }

  async function setInventory(updates: readonly InventoryUpdate[]): Promise<InventoryOutcome[]> {
    if (updates.length > limits.inventoryBatchSize)
      throw new Error(`at most ${limits.inventoryBatchSize} updates per call`);
    const outcomes: Array<InventoryOutcome | undefined> = updates.map(() => undefined);
    const items = await resolveItems(updates, outcomes);
    const locationId = gid("Location", await options.locationId());
    let pending = updates.map((u, i) => ({ u, i, item: items[i] })).filter((x) => x.item !== undefined) as Array<{
      u: InventoryUpdate;
      i: number;
      item: string;
    }>;
    // At most two rounds: the batch, then what remains after taking out the items Shopify refused.
    for (let round = 0; round < 2 && pending.length > 0; round++) {
      const quantities = pending.map(({ u, item }) => ({
        inventoryItemId: gid("InventoryItem", item),
        locationId,
        quantity: u.quantity,
        // Explicit null opts out of the check; omitting it is an error from 2026-04.
        changeFromQuantity: u.expected,
      }));
      const key = idempotencyKey(client.shop, quantities, Math.floor(now() / windowMs));
      const data = await client.once<{ inventorySetQuantities: { userErrors: UserError[] } }>(SET_INVENTORY, {
        input: { name: "available", reason: "correction", referenceDocumentUri: "timbre://stock-sync", quantities },
        idempotencyKey: key,
      });
      const errors = data.inventorySetQuantities.userErrors;
      if (errors.length === 0) {
        for (const p of pending) outcomes[p.i] = { ok: true };
        pending = [];
        break;
      }
      const refused = new Map<number, UserError>();
      for (const e of errors) {
        const index = Number(e.field?.[2]);
        if (Number.isInteger(index) && pending[index]) refused.set(index, e);
      }
      if (refused.size === 0) {
        // An error about the whole request: every item gets it.
        for (const p of pending)
          outcomes[p.i] = { ok: false, reason: "rejected", message: errors.map((e) => e.message).join("; ") };
        pending = [];
        break;
      }
      const stale = [...refused.entries()]
        .filter(([, e]) => e.code === "CHANGE_FROM_QUANTITY_STALE")
        .map(([idx]) => pending[idx]!);
      const actual =
        stale.length > 0
          ? await readAvailable(
              stale.map((s) => s.item),
              locationId,
            )
          : new Map<string, number | null>();
      for (const [idx, e] of refused) {
        const p = pending[idx]!;
        if (e.code === "CHANGE_FROM_QUANTITY_STALE")
          outcomes[p.i] = { ok: false, reason: "stale", actual: actual.get(p.item) ?? 0 };
        else if (e.code === "INVALID_INVENTORY_ITEM" || e.code === "NOT_FOUND")
          outcomes[p.i] = { ok: false, reason: "not_found", message: e.message };
        else outcomes[p.i] = { ok: false, reason: "rejected", message: e.message };
      }
      pending = pending.filter((_, idx) => !refused.has(idx));
    }
    for (const p of pending)
      outcomes[p.i] = { ok: false, reason: "rejected", message: "Shopify refused the batch twice" };
    return outcomes.map((o) => o ?? { ok: false, reason: "rejected", message: "no answer" });
  }

  /** Inventory item ids per update; refs without one are looked up by variant (one request). */
  async function resolveItems(
    updates: readonly InventoryUpdate[],
    outcomes: Array<InventoryOutcome | undefined>,
  ): Promise<Array<string | undefined>> {
    const items = updates.map((u) => (u.ref.inventoryItemId ? idString(u.ref.inventoryItemId) : undefined));
    const missing = updates.map((u, i) => ({ u, i })).filter(({ i }) => items[i] === undefined);
    if (missing.length === 0) return items;
    const lookups = missing.filter(({ u }) => u.ref.variantId);
    const found =
      lookups.length > 0
        ? (
            await client.once<{ nodes: Array<{ id: string; inventoryItem: { id: string } } | null> }>(VARIANT_ITEMS, {
              ids: lookups.map(({ u }) => gid("ProductVariant", u.ref.variantId!)),
            })
          ).nodes
        : [];
    const byVariant = new Map(
      found.flatMap((n) => (n ? [[idString(n.id)!, idString(n.inventoryItem.id)!] as const] : [])),
    );
    for (const { u, i } of missing) {
      const item = u.ref.variantId ? byVariant.get(idString(u.ref.variantId)!) : undefined;
      if (item) items[i] = item;
      else
        outcomes[i] = {
          ok: false,
          reason: "not_found",
          message: `Shopify has no variant ${u.ref.variantId ?? "(none)"} of product ${u.ref.productId}`,
        };
    }
    return items;
  }

  async function readAvailable(itemIds: string[], locationId: string): Promise<Map<string, number | null>> {
    const data = await client.once<{
      nodes: Array<{ id: string; inventoryLevel: VariantNode["inventoryItem"]["inventoryLevel"] } | null>;
    }>(INVENTORY_LEVELS, {
      ids: itemIds.map((i) => gid("InventoryItem", i)),
      locationId,
    });
    return new Map(data.nodes.flatMap((n) => (n ? [[idString(n.id)!, availableOf(n.inventoryLevel)] as const] : [])));
  }

  return { limits, listListings, setInventory };
}

function availableOf(level: VariantNode["inventoryItem"]["inventoryLevel"]): number | null {
  return level?.quantities.find((q) => q.name === "available")?.quantity ?? null;
}

export function toListing(v: VariantNode): PlatformListing {
  const title = v.product.hasOnlyDefaultVariant
    ? v.product.title
    : (v.displayName ?? `${v.product.title} - ${v.title}`);
  return {
    ref: {
      productId: idString(v.product.id)!,
      variantId: idString(v.id)!,
      inventoryItemId: idString(v.inventoryItem.id)!,
    },
    sku: v.sku && v.sku.trim() !== "" ? v.sku : null,
    title,
    price: clpFromAmount(v.price),
    // An untracked item has no stock to show; one not stocked at the location shows nothing yet.
    quantity: v.inventoryItem.tracked ? (availableOf(v.inventoryItem.inventoryLevel) ?? 0) : null,
    imageUrls: [],
  };
}

function idempotencyKey(shop: string, quantities: unknown, window: number): string {
  return createHash("sha256")
    .update(JSON.stringify([shop, quantities, window]))
    .digest("hex")
    .slice(0, 40);
}
