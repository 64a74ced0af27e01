import { describe, expect, it } from "vitest";
import { describeCatalogPortContract } from "@timbre/core/testing/platform-contract";
import { createJumpsellerClient } from "../src/client/jumpseller-client.js";
import { jumpsellerCatalogPort, JUMPSELLER_CATALOG_LIMITS } from "../src/adapter/catalog-adapter.js";
import { startJumpsellerEmulator, type JumpsellerEmulator } from "../src/testing/emulator.js";
import { PlatformThrottledError } from "@timbre/core/platform-parts";

/** A token the emulator issued through its OAuth flow, as the app gets one at install. */
async function installToken(emu: JumpsellerEmulator): Promise<string> {
  const redirect = "http://hub.test/jumpseller/oauth/callback";
  const auth = await fetch(
    `${emu.authUrl}/oauth/authorize?client_id=${emu.clientId}&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=read_products`,
    { redirect: "manual" },
  );
  const code = new URL(auth.headers.get("location")!).searchParams.get("code")!;
  const token = await fetch(`${emu.authUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirect,
      client_id: emu.clientId,
      client_secret: emu.clientSecret,
    }),
  });
  return ((await token.json()) as { access_token: string }).access_token;
}

describeCatalogPortContract("Jumpseller (emulator)", async () => {
  const emu = await startJumpsellerEmulator();
  const token = await installToken(emu);
  const store = emu.store();
  const port = jumpsellerCatalogPort(createJumpsellerClient({ apiUrl: emu.apiUrl, accessToken: async () => token }));
  return {
    port,
    async seed(items) {
      return items.map((item) => {
        if (item.variant) {
          const p = emu.addProduct(store.code, {
            name: item.title,
            variants: [
              {
                id: 0,
                sku: item.sku,
                stock: item.quantity,
                price: 1990,
                stock_unlimited: false,
                options: [{ name: "Talla", value: "M" }],
              },
            ],
          });
          return { productId: String(p.id), variantId: String(p.variants[0]!.id) };
        }
        const p = emu.addProduct(store.code, { name: item.title, sku: item.sku, stock: item.quantity });
        return { productId: String(p.id) };
      });
    },
    async readQuantity(ref) {
      const p = store.products.get(Number(ref.productId));
      if (!p) return null;
      return ref.variantId ? (p.variants.find((v) => String(v.id) === ref.variantId)?.stock ?? null) : p.stock;
    },
    async editQuantity(ref, quantity) {
      const p = store.products.get(Number(ref.productId))!;
      if (ref.variantId) p.variants.find((v) => String(v.id) === ref.variantId)!.stock = quantity;
      else p.stock = quantity;
    },
    close: () => emu.close(),
  };
});

describe("Jumpseller adapter details", () => {
  it("pages products with many variants in slices no larger than the page size, each listing once, with images", async () => {
    const emu = await startJumpsellerEmulator({ rateLimits: false });
    try {
      const token = await installToken(emu);
      const code = emu.store().code;
      for (let i = 0; i < 3; i++)
        emu.addProduct(code, {
          name: `Polera ${i}`,
          images: [{ id: 0, position: 1, url: `https://cdn.example/${i}.jpg` }],
          variants: Array.from({ length: 60 }, (_, v) => ({
            id: 0,
            sku: `POL-${i}-${v}`,
            stock: v,
            price: 9990,
            stock_unlimited: false,
            options: [{ name: "Talla", value: `T${v}` }],
          })),
        });
      const port = jumpsellerCatalogPort(
        createJumpsellerClient({ apiUrl: emu.apiUrl, accessToken: async () => token }),
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await port.listListings(cursor);
        expect(page.listings.length).toBeLessThanOrEqual(JUMPSELLER_CATALOG_LIMITS.pageSize);
        seen.push(...page.listings.map((l) => `${l.sku}@${l.ref.productId}:${l.ref.variantId}`));
        if (page.listings[0]) expect(page.listings[0].imageUrls[0]).toMatch(/^https:\/\/cdn\.example\/\d\.jpg$/);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(180);
      expect(new Set(seen).size).toBe(180);
    } finally {
      await emu.close();
    }
  });

  it("turns Jumpseller's 429 into PlatformThrottledError instead of sleeping, and leaves headroom under 20/s", async () => {
    expect(JUMPSELLER_CATALOG_LIMITS.perSecond).toBeLessThan(20);
    expect(JUMPSELLER_CATALOG_LIMITS.perMinute).toBeLessThan(800);
    const emu = await startJumpsellerEmulator();
    try {
      const token = await installToken(emu);
      const p = emu.addProduct(emu.store().code, { name: "Taza", sku: "TAZA", stock: 1 });
      const port = jumpsellerCatalogPort(
        createJumpsellerClient({ apiUrl: emu.apiUrl, accessToken: async () => token }),
      );
      const results = await Promise.allSettled(
        Array.from({ length: 25 }, (_, i) =>
          port.setInventory([{ ref: { productId: String(p.id) }, sku: "TAZA", quantity: i, expected: null }]),
        ),
      );
      const throttled = results.filter((r) => r.status === "rejected");
      expect(throttled.length).toBeGreaterThanOrEqual(5);
      expect(
        throttled.every(
          (r) =>
            r.status === "rejected" && r.reason instanceof PlatformThrottledError && r.reason.retryAfterMs === 1000,
        ),
      ).toBe(true);
      expect(emu.store().throttled).toBe(throttled.length);
    } finally {
      await emu.close();
    }
  });
});
