import { describe, expect, it } from "vitest";
import { PrestaShopCatalog } from "../connector/catalog-adapter.js";
import { PrestaShopWebservice } from "../connector/webservice-client.js";

/** The webservice answering a stock write as PrestaShop 8.1 does (recorded from the real shop). */
function shopAnswering(answer: unknown) {
  const writes: string[] = [];
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    writes.push(String(init?.body ?? ""));
    return new Response(JSON.stringify(answer), { headers: { "content-type": "application/json" } });
  };
  const ws = new PrestaShopWebservice({ shopUrl: "https://tienda.cl", key: "KEY", fetch });
  return { catalog: new PrestaShopCatalog(ws, async () => "1"), writes };
}

describe("stock written to stock_availables", () => {
  it("publishes sold out: PrestaShop's answer to a quantity of 0 leaves the quantity out", async () => {
    // What PATCH /api/stock_availables/59 with <quantity>0</quantity> answers: no quantity key at all.
    const { catalog, writes } = shopAnswering({
      stock_available: { id: "59", id_product: 20, id_shop: 1, out_of_stock: 2 },
    });
    const ref = { productId: "20", variantId: "40", inventoryItemId: "59" };
    expect(await catalog.setInventory([{ ref, sku: "POLERA-S", quantity: 0, expected: 3 }])).toEqual([{ ok: true }]);
    expect(writes[0]).toContain("<quantity>0</quantity>");
  });

  it("says so when the shop kept another quantity than the one written", async () => {
    const { catalog } = shopAnswering({ stock_available: { id: "59", id_product: 20, quantity: "2" } });
    const ref = { productId: "20", inventoryItemId: "59" };
    expect(await catalog.setInventory([{ ref, sku: "TAZA", quantity: 5, expected: null }])).toEqual([
      { ok: false, reason: "rejected", message: "La tienda guardó 2 en vez de 5." },
    ]);
  });
});
