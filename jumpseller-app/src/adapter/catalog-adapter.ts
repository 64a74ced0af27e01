import { z } from "zod";
import {
  PLATFORM_LIMITS,
  type InventoryOutcome,
  type InventoryUpdate,
  type ListingPage,
  type PlatformLimits,
  type PlatformListing,
  type StoreCatalogPort,
} from "@timbre/core/platform-parts";
import { JumpsellerApiError, type JumpsellerClient } from "../client/jumpseller-client.js";

/**
 * Stock pushes use three quarters of Jumpseller's 20/s and 800/min per store: the rest is left for
 * order traffic (hook re-reads, documents, fulfillments) that shares the same budget.
 */
export const JUMPSELLER_CATALOG_LIMITS: PlatformLimits = {
  ...PLATFORM_LIMITS.jumpseller,
  perSecond: 15,
  perMinute: 600,
};

/** Products per API page (Jumpseller's maximum). */
const PRODUCTS_PER_PAGE = 100;

const Id = z.union([z.number(), z.string()]).transform(String);
const VariantSchema = z.object({
  id: Id,
  sku: z.string().nullish(),
  price: z.number().nullish(),
  stock: z.number().nullish(),
  stock_unlimited: z.boolean().nullish(),
  options: z.array(z.object({ name: z.string().nullish(), value: z.string().nullish() }).partial()).nullish(),
  image: z.object({ url: z.string().nullish() }).partial().nullish(),
});
const ProductSchema = z.object({
  id: Id,
  name: z.string().nullish(),
  sku: z.string().nullish(),
  price: z.number().nullish(),
  stock: z.number().nullish(),
  stock_unlimited: z.boolean().nullish(),
  images: z.array(z.object({ url: z.string().nullish(), position: z.number().nullish() }).partial()).nullish(),
  variants: z.array(VariantSchema).nullish(),
});
const ProductListSchema = z.array(z.object({ product: ProductSchema }));
export type JumpsellerProduct = z.output<typeof ProductSchema>;

/** GET /products/{id}.json's answer ({"product": {…}}). */
export function parseProduct(raw: unknown): JumpsellerProduct {
  return z.object({ product: ProductSchema }).parse(raw).product;
}

const skuOf = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);

/** One listing per variant, or one for a product without variants; images travel with each. */
export function productListings(p: JumpsellerProduct): PlatformListing[] {
  const images = [...(p.images ?? [])]
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((i) => i.url)
    .filter((u): u is string => !!u);
  const name = p.name?.trim() || `Producto ${p.id}`;
  if (p.variants && p.variants.length > 0) {
    return p.variants.map((v) => {
      const opts = (v.options ?? [])
        .map((o) => o.value)
        .filter(Boolean)
        .join(" / ");
      const own = v.image?.url ? [v.image.url] : [];
      return {
        ref: { productId: p.id, variantId: v.id },
        sku: skuOf(v.sku),
        title: opts ? `${name} - ${opts}` : name,
        ...(v.price != null || p.price != null ? { price: Math.round(v.price ?? p.price ?? 0) } : {}),
        quantity: v.stock_unlimited ? null : (v.stock ?? 0),
        imageUrls: [...own, ...images.filter((u) => !own.includes(u))],
      };
    });
  }
  return [
    {
      ref: { productId: p.id },
      sku: skuOf(p.sku),
      title: name,
      ...(p.price != null ? { price: Math.round(p.price) } : {}),
      quantity: p.stock_unlimited ? null : (p.stock ?? 0),
      imageUrls: images,
    },
  ];
}

/**
 * The Jumpseller side of the catalog port: products read 100 per page (a page with many variants
 * is handed out in slices, the cursor remembering where), stock written with one PUT per product or
 * variant — Jumpseller has no batch and no compare-and-set.
 */
export function jumpsellerCatalogPort(
  api: JumpsellerClient,
  limits: PlatformLimits = JUMPSELLER_CATALOG_LIMITS,
): StoreCatalogPort {
  return {
    limits,
    async listListings(cursor): Promise<ListingPage> {
      const [pageText, skipText] = (cursor ?? "1:0").split(":");
      const page = Math.max(1, Number(pageText) || 1);
      const skip = Math.max(0, Number(skipText) || 0);
      const products = ProductListSchema.parse(await api.get("/products", { limit: PRODUCTS_PER_PAGE, page })).map(
        (x) => x.product,
      );
      const all = products.flatMap(productListings);
      const listings = all.slice(skip, skip + limits.pageSize);
      const next =
        skip + limits.pageSize < all.length
          ? `${page}:${skip + limits.pageSize}`
          : products.length === PRODUCTS_PER_PAGE
            ? `${page + 1}:0`
            : null;
      return { listings, nextCursor: next };
    },
    async setInventory(updates: readonly InventoryUpdate[]): Promise<InventoryOutcome[]> {
      const out: InventoryOutcome[] = [];
      for (const u of updates) {
        const quantity = Math.max(0, Math.floor(u.quantity));
        try {
          if (u.ref.variantId)
            await api.put(`/products/${u.ref.productId}/variants/${u.ref.variantId}`, { variant: { stock: quantity } });
          else await api.put(`/products/${u.ref.productId}`, { product: { stock: quantity } });
          out.push({ ok: true });
        } catch (e) {
          if (e instanceof JumpsellerApiError && e.status === 404)
            out.push({ ok: false, reason: "not_found", message: e.user.es });
          else if (e instanceof JumpsellerApiError && e.status === 422)
            out.push({ ok: false, reason: "rejected", message: e.user.es });
          else throw e; // throttled or down: the pacer / job retries the whole call
        }
      }
      return out;
    },
  };
}
