import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWarehouse } from "../../../src/hub/stock/create-warehouse.js";
import { setStoreWarehouses } from "../../../src/hub/stock/set-store-warehouses.js";
import { startPipelineHarness, type PipelineHarness } from "../../../src/testing/pipeline-harness.js";

// The hub as a plugin sees it once the merchant keeps a catalog: orders are matched by SKU, an
// unknown or duplicated one keeps the order pending (never guessed), and a sale leaves the stock.

const order = (externalId: string, sku: string, quantity: number) => ({
  externalId,
  status: "paid",
  updatedAt: "2026-11-20T12:00:00Z",
  buyer: { name: "Ana", document: "boleta" },
  lines: [{ externalId: "l1", sku, name: `Producto ${sku}`, quantity, unitPrice: 12990 }],
});

describe("orders against the catalog: SKUs matched, never guessed; stock leaves with the sale", () => {
  let h: PipelineHarness;
  const json = async (r: Promise<Response>) => (await r).json() as Promise<Record<string, unknown>>;
  const pending = async (externalId: string) =>
    (await json(h.call("GET", `/api/v1/orders/${externalId}`))).order as {
      pendingReasons: Array<{ code: string; message: string }>;
      documents: unknown[];
    };

  beforeAll(async () => {
    h = await startPipelineHarness();
    await createWarehouse(h.hub.db, h.companyId, { code: "SCL", name: "Santiago" }, "test");
    await setStoreWarehouses(h.hub.db, h.store.id, ["SCL"], "test");
    const put = await json(
      h.call("PUT", "/api/v1/products", {
        products: [
          { sku: "CAFE", name: "Café 1 kg", price: 12990, platformProductId: "p1" },
          { sku: "DUP", name: "Taza azul", price: 4990, platformProductId: "p2" },
          { sku: "DUP", name: "Taza roja", price: 4990, platformProductId: "p3" },
        ],
      }),
    );
    expect(put.duplicates).toEqual(["DUP"]);
    const moved = await h.call("POST", "/api/v1/stock/movements", {
      movements: [{ sku: "CAFE", warehouse: "SCL", kind: "in", quantity: 5, unitCost: 7000 }],
    });
    expect(moved.status).toBeLessThan(300);
  });
  afterAll(() => h?.close());

  it("issues the order whose SKU is known, and the store then shows the units that are left", async () => {
    await h.call("POST", "/api/v1/orders", order("A1", "CAFE", 2));
    await h.settle(
      async () => (await h.hub.db.document.count({ where: { order: { externalId: "A1" }, state: "accepted" } })) === 1,
      "the boleta",
    );
    const stock = (await json(h.call("GET", "/api/v1/stock"))) as { items: Array<{ sku: string; available: number }> };
    expect(stock.items.find((i) => i.sku === "CAFE")?.available).toBe(3);
  });

  it("keeps an order with a duplicated SKU pending, saying which, and issues nothing", async () => {
    await h.call("POST", "/api/v1/orders", order("B1", "DUP", 1));
    await h.settle(async () => (await pending("B1")).pendingReasons.length > 0, "the pending reason");
    const o = await pending("B1");
    expect(o.pendingReasons).toEqual([
      expect.objectContaining({ code: "duplicate_sku", message: expect.stringContaining("DUP") }),
    ]);
    expect(o.documents).toEqual([]);
  });

  it("keeps an order with an unknown SKU pending", async () => {
    await h.call("POST", "/api/v1/orders", order("C1", "NO-EXISTE", 1));
    await h.settle(async () => (await pending("C1")).pendingReasons.length > 0, "the pending reason");
    expect((await pending("C1")).pendingReasons).toEqual([
      expect.objectContaining({ code: "unknown_sku", message: expect.stringContaining("NO-EXISTE") }),
    ]);
    expect(await h.hub.db.document.count({ where: { order: { externalId: "C1" } } })).toBe(0);
  });

  it("a product the merchant marked exento in the hub makes a boleta exenta (41), though the store sent no tax flag", async () => {
    await h.call("PUT", "/api/v1/products", {
      products: [{ sku: "LIBRO", name: "Libro", price: 15000, platformProductId: "p9" }],
    });
    await h.hub.db.product.updateMany({ where: { companyId: h.companyId, key: "LIBRO" }, data: { exempt: true } });
    await h.call("POST", "/api/v1/orders", order("E1", "LIBRO", 1));
    await h.settle(
      async () => (await h.hub.db.document.count({ where: { order: { externalId: "E1" } } })) === 1,
      "the boleta exenta",
    );
    const doc = await h.hub.db.document.findFirstOrThrow({
      where: { order: { externalId: "E1" } },
      include: { order: true },
    });
    expect(doc.type).toBe(41);
    expect(doc.exemptAmount).toBe(12990);
    expect((doc.order!.lines as Array<{ exempt: boolean }>)[0]!.exempt).toBe(true);
  });
});
