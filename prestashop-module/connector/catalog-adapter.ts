import type {
  InventoryOutcome,
  InventoryUpdate,
  ListingPage,
  PlatformListing,
  StoreCatalogPort,
} from "@timbre/core/platforms";
import { PLATFORM_LIMITS } from "@timbre/core/platform-parts";
import { CombinationSchema, ProductSchema, StockAvailableSchema, type PsStockAvailable } from "./resources.js";
import { xmlResource } from "./xml.js";
import { listOf, oneOf, WebserviceError, type PrestaShopWebservice } from "./webservice-client.js";

const PAGE = PLATFORM_LIMITS.prestashop.pageSize;

/**
 * Products and their combinations, matched to the hub by reference (the SKU), with stock written to
 * `stock_availables`. A product with combinations sells only through them: each combination is a
 * listing with its own reference; the product itself is not. An empty combination reference is
 * reported as missing (PrestaShop's order rows would fall back to the product's, which the
 * combinations share).
 */
export class PrestaShopCatalog implements StoreCatalogPort {
  readonly limits = PLATFORM_LIMITS.prestashop;

  constructor(
    private readonly ws: PrestaShopWebservice,
    private readonly languageId: () => Promise<string>,
  ) {}

  async listListings(cursor: string | null): Promise<ListingPage> {
    const offset = cursor ? Number(cursor) : 0;
    const language = await this.languageId();
    const products = listOf(
      await this.ws.get("products", null, {
        display: "[id,reference,name,price,active]",
        sort: "[id_ASC]",
        limit: `${offset},${PAGE}`,
        language,
      }),
      "products",
      ProductSchema,
    );
    if (products.length === 0) return { listings: [], nextCursor: null };
    const ids = products.map((p) => p.id).join("|");
    const [combinations, stock] = await Promise.all([
      this.ws
        .get("combinations", null, { display: "[id,id_product,reference,price]", "filter[id_product]": `[${ids}]` })
        .then((b) => listOf(b, "combinations", CombinationSchema)),
      this.ws
        .get("stock_availables", null, {
          display: "[id,id_product,id_product_attribute,quantity]",
          "filter[id_product]": `[${ids}]`,
        })
        .then((b) => listOf(b, "stock_availables", StockAvailableSchema)),
    ]);
    const stockOf = (productId: string, attributeId: string): PsStockAvailable | undefined =>
      stock.find((s) => s.id_product === productId && s.id_product_attribute === attributeId);
    const listings: PlatformListing[] = [];
    for (const p of products) {
      const own = combinations.filter((c) => c.id_product === p.id);
      if (own.length === 0) {
        const s = stockOf(p.id, "0");
        listings.push({
          ref: { productId: p.id, ...(s ? { inventoryItemId: s.id } : {}) },
          sku: p.reference.trim() || null,
          title: p.name || `Producto ${p.id}`,
          quantity: s ? s.quantity : null,
          imageUrls: [],
        });
        continue;
      }
      for (const c of own) {
        const s = stockOf(p.id, c.id);
        listings.push({
          ref: { productId: p.id, variantId: c.id, ...(s ? { inventoryItemId: s.id } : {}) },
          sku: c.reference.trim() || null,
          title: `${p.name || `Producto ${p.id}`} (${c.reference.trim() || `combinación ${c.id}`})`,
          quantity: s ? s.quantity : null,
          imageUrls: [],
        });
      }
    }
    return { listings, nextCursor: products.length < PAGE ? null : String(offset + PAGE) };
  }

  async setInventory(updates: readonly InventoryUpdate[]): Promise<InventoryOutcome[]> {
    const out: InventoryOutcome[] = [];
    for (const u of updates) out.push(await this.setOne(u));
    return out;
  }

  private async setOne(u: InventoryUpdate): Promise<InventoryOutcome> {
    try {
      const id = u.ref.inventoryItemId ?? (await this.findStockId(u.ref.productId, u.ref.variantId ?? "0"));
      if (!id) return { ok: false, reason: "not_found", message: `La tienda no tiene stock para ${u.sku}.` };
      const body = await this.ws.patch(
        "stock_availables",
        id,
        xmlResource("stock_available", { id, quantity: Math.max(0, Math.floor(u.quantity)) }),
      );
      const written = oneOf(body, "stock_available", StockAvailableSchema);
      return written.quantity === Math.max(0, Math.floor(u.quantity))
        ? { ok: true }
        : { ok: false, reason: "rejected", message: `La tienda guardó ${written.quantity} en vez de ${u.quantity}.` };
    } catch (e) {
      if (e instanceof WebserviceError && e.kind === "not_found")
        return { ok: false, reason: "not_found", message: `La tienda ya no tiene ${u.sku}.` };
      if (e instanceof WebserviceError && e.kind === "rejected")
        return { ok: false, reason: "rejected", message: e.message };
      throw e;
    }
  }

  private async findStockId(productId: string, attributeId: string): Promise<string | undefined> {
    const rows = listOf(
      await this.ws.get("stock_availables", null, {
        display: "[id,id_product,id_product_attribute,quantity]",
        "filter[id_product]": `[${productId}]`,
        "filter[id_product_attribute]": `[${attributeId}]`,
      }),
      "stock_availables",
      StockAvailableSchema,
    );
    return rows[0]?.id;
  }
}
