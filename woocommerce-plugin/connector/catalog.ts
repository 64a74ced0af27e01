import { z } from "zod";
import {
  PLATFORM_LIMITS,
  type InventoryOutcome,
  type InventoryUpdate,
  type ListingPage,
  type PlatformListing,
  type StoreCatalogPort,
} from "@timbre/core/platform-parts";
import { WooRequestError, type WooClient } from "./woo-client.js";

/**
 * Stock and catalog of a WooCommerce shop. Listing walks the products 100 at a time (orderby=id,
 * a stable order) and, for each variable product, its variations; every call is one request, so
 * the cursor carries the variable products still to expand. Stock is written absolute (WooCommerce
 * has no compare-and-set) with `products/batch` and `products/{id}/variations/batch`, ≤ 100 items,
 * `manage_stock: true` so the quantity is not ignored.
 */
export const WOO_CATALOG_LIMITS = PLATFORM_LIMITS.woocommerce;

const Product = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string(),
  sku: z.string().nullable().default(""),
  price: z.union([z.string(), z.number()]).nullable().default(""),
  manage_stock: z.union([z.boolean(), z.literal("parent")]).default(false),
  stock_quantity: z.number().nullable().default(null),
  images: z.array(z.object({ src: z.string() })).default([]),
  variations: z.array(z.number()).default([]),
});

const Variation = z.object({
  id: z.number(),
  sku: z.string().nullable().default(""),
  price: z.union([z.string(), z.number()]).nullable().default(""),
  manage_stock: z.union([z.boolean(), z.literal("parent")]).default(false),
  stock_quantity: z.number().nullable().default(null),
  attributes: z.array(z.object({ option: z.string() })).default([]),
  image: z.object({ src: z.string() }).nullable().optional(),
});

interface Cursor {
  /** Next product page, or null when every page was read. */
  page: number | null;
  /** Variable products whose variations are still to read: [productId, title, nextPage]. */
  variable: Array<[number, string, number]>;
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decode(s: string | null): Cursor {
  if (s === null) return { page: 1, variable: [] };
  return JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as Cursor;
}

const price = (p: string | number | null) => {
  const n = Number(p);
  return p === "" || p === null || !Number.isFinite(n) ? undefined : Math.round(n);
};
const sku = (s: string | null) => (s && s.trim() !== "" ? s.trim() : null);

export function wooCatalogPort(client: WooClient): StoreCatalogPort {
  const limits = WOO_CATALOG_LIMITS;
  return {
    limits,
    async listListings(cursorText): Promise<ListingPage> {
      const cursor = decode(cursorText);
      const listings: PlatformListing[] = [];
      let total: number | undefined;
      const head = cursor.variable[0];
      if (head) {
        const [productId, title, page] = head;
        const r = await client.get<unknown[]>(`/products/${productId}/variations`, {
          per_page: limits.pageSize,
          page,
          orderby: "id",
          order: "asc",
        });
        for (const v of z.array(Variation).parse(r.body)) {
          const options = v.attributes.map((a) => a.option).join(" / ");
          listings.push({
            ref: { productId: String(productId), variantId: String(v.id) },
            sku: sku(v.sku),
            title: options ? `${title} - ${options}` : title,
            price: price(v.price),
            quantity: v.manage_stock === true ? (v.stock_quantity ?? 0) : null,
            imageUrls: v.image?.src ? [v.image.src] : [],
          });
        }
        const pages = Number(r.headers.get("x-wp-totalpages") ?? "1");
        cursor.variable =
          page < pages ? [[productId, title, page + 1], ...cursor.variable.slice(1)] : cursor.variable.slice(1);
      } else if (cursor.page !== null) {
        const r = await client.get<unknown[]>("/products", {
          per_page: limits.pageSize,
          page: cursor.page,
          orderby: "id",
          order: "asc",
          status: "any",
        });
        total = Number(r.headers.get("x-wp-total") ?? "") || undefined;
        for (const p of z.array(Product).parse(r.body)) {
          if (p.type === "variable") {
            if (p.variations.length > 0) cursor.variable.push([p.id, p.name, 1]);
            continue;
          }
          if (p.type === "grouped" || p.type === "external") continue;
          listings.push({
            ref: { productId: String(p.id) },
            sku: sku(p.sku),
            title: p.name,
            price: price(p.price),
            quantity: p.manage_stock === true ? (p.stock_quantity ?? 0) : null,
            imageUrls: p.images.map((i) => i.src).slice(0, 5),
          });
        }
        const pages = Number(r.headers.get("x-wp-totalpages") ?? "1");
        cursor.page = cursor.page < pages ? cursor.page + 1 : null;
      }
      const done = cursor.page === null && cursor.variable.length === 0;
      return { listings, nextCursor: done ? null : encode(cursor), ...(total !== undefined ? { total } : {}) };
    },

    async setInventory(updates: readonly InventoryUpdate[]): Promise<InventoryOutcome[]> {
      if (updates.length > limits.inventoryBatchSize)
        throw new Error(`at most ${limits.inventoryBatchSize} updates per call`);
      const outcomes: InventoryOutcome[] = new Array(updates.length);
      // One batch per parent: simple products together, each variable product's variations together.
      const groups = new Map<string, number[]>();
      updates.forEach((u, i) => {
        const key = u.ref.variantId ? u.ref.productId : "";
        groups.set(key, [...(groups.get(key) ?? []), i]);
      });
      for (const [parent, indexes] of groups) {
        const path = parent === "" ? "/products/batch" : `/products/${parent}/variations/batch`;
        const update = indexes.map((i) => {
          const u = updates[i]!;
          return {
            id: Number(u.ref.variantId ?? u.ref.productId),
            manage_stock: true,
            stock_quantity: Math.max(0, Math.floor(u.quantity)),
          };
        });
        let r;
        try {
          r = await client.send<{ update?: unknown[] }>("POST", path, { update });
        } catch (e) {
          // The parent product itself is gone: every variation of it is.
          if (e instanceof WooRequestError && e.status === 404) {
            for (const i of indexes)
              outcomes[i] = { ok: false, reason: "not_found", message: "WooCommerce no tiene ese producto" };
            continue;
          }
          throw e;
        }
        const answered = z
          .array(
            z.object({
              id: z.number(),
              stock_quantity: z.number().nullable().optional(),
              error: z.object({ code: z.string(), message: z.string() }).optional(),
            }),
          )
          .parse(r.body?.update ?? []);
        indexes.forEach((i, k) => {
          const a = answered[k];
          if (!a) outcomes[i] = { ok: false, reason: "rejected", message: "WooCommerce did not answer for this item" };
          else if (a.error) {
            const notFound = /invalid_id|not_found|invalid_.*_id/.test(a.error.code);
            outcomes[i] = { ok: false, reason: notFound ? "not_found" : "rejected", message: a.error.message };
          } else outcomes[i] = { ok: true };
        });
      }
      return outcomes;
    },
  };
}
