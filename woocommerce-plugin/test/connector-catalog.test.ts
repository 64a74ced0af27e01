import { describe, expect, it } from "vitest";
import { describeCatalogPortContract } from "@timbre/core/testing/platform-contract";
import { PlatformThrottledError } from "@timbre/core/platform-parts";
import { createWooClient } from "../connector/woo-client.js";
import { wooCatalogPort } from "../connector/catalog.js";
import { createWooEmulator } from "../connector/testing/emulator.js";

const keys = async () => ({ consumerKey: "ck_test", consumerSecret: "cs_test" });

describeCatalogPortContract("WooCommerce (emulator)", async () => {
  const emu = createWooEmulator();
  const port = wooCatalogPort(createWooClient({ url: emu.url, credentials: keys, fetch: emu.fetch }));
  return {
    port,
    async seed(items) {
      return items.map((item) => {
        if (item.variant) {
          const p = emu.addProduct({ name: item.title, type: "variable" });
          const v = emu.addVariation(p, {
            sku: item.sku ?? "",
            stock_quantity: item.quantity,
            attributes: [{ name: "Talla", option: "M" }],
          });
          return { productId: String(p.id), variantId: String(v.id) };
        }
        const p = emu.addProduct({ name: item.title, sku: item.sku ?? "", stock_quantity: item.quantity });
        return { productId: String(p.id) };
      });
    },
    async readQuantity(ref) {
      const p = emu.products.find((x) => String(x.id) === ref.productId)!;
      const item = ref.variantId ? p.variations.find((v) => String(v.id) === ref.variantId)! : p;
      return item.manage_stock ? item.stock_quantity : null;
    },
    async editQuantity(ref, quantity) {
      const p = emu.products.find((x) => String(x.id) === ref.productId)!;
      const item = ref.variantId ? p.variations.find((v) => String(v.id) === ref.variantId)! : p;
      item.stock_quantity = quantity;
    },
  };
});

describe("WooCommerce catalog port", () => {
  it("lists variations under their product, walks every page, and writes in batches of at most 100", async () => {
    const emu = createWooEmulator();
    for (let i = 0; i < 150; i++) emu.addProduct({ name: `P${i}`, sku: `S-${i}`, stock_quantity: i });
    const shirt = emu.addProduct({ name: "Polera" });
    for (const size of ["S", "M", "L"])
      emu.addVariation(shirt, { sku: `POL-${size}`, stock_quantity: 1, attributes: [{ name: "Talla", option: size }] });
    const port = wooCatalogPort(createWooClient({ url: emu.url, credentials: keys, fetch: emu.fetch }));
    const all = [];
    let cursor: string | null = null;
    do {
      const page = await port.listListings(cursor);
      all.push(...page.listings);
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(153);
    expect(all.find((l) => l.sku === "POL-M")).toMatchObject({
      title: "Polera - M",
      ref: { productId: String(shirt.id) },
    });
    const updates = all.slice(0, 100).map((l) => ({ ref: l.ref, sku: l.sku!, quantity: 9, expected: null }));
    emu.requests.length = 0;
    const out = await port.setInventory(updates);
    expect(out.every((o) => o.ok)).toBe(true);
    expect(emu.requests).toEqual([{ method: "POST", path: "/products/batch" }]);
    await expect(
      port.setInventory(all.slice(0, 101).map((l) => ({ ref: l.ref, sku: "x", quantity: 1, expected: null }))),
    ).rejects.toThrow(/100/);
  });

  it("reports a deleted product as not found and a 429 as throttled", async () => {
    const emu = createWooEmulator();
    const port = wooCatalogPort(createWooClient({ url: emu.url, credentials: keys, fetch: emu.fetch }));
    const [gone] = await port.setInventory([{ ref: { productId: "999999" }, sku: "X", quantity: 1, expected: null }]);
    expect(gone).toMatchObject({ ok: false, reason: "not_found" });
    emu.failNext(429);
    await expect(port.listListings(null)).rejects.toBeInstanceOf(PlatformThrottledError);
  });
});
