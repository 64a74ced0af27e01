import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWarehouse } from "../../../src/hub/stock/create-warehouse.js";
import { setStoreWarehouses } from "../../../src/hub/stock/set-store-warehouses.js";
import { updateStoreSettings } from "../../../src/hub/stores/store-settings.js";
import { startPipelineHarness, type PipelineHarness } from "../../../src/testing/pipeline-harness.js";

// A placed but unpaid order holds its units in the hub, as the platform does on its side, so the
// counter cannot sell them; cancelling or letting it expire gives them back; a hold for review
// keeps them and issues nothing until it is lifted.

const order = (
  externalId: string,
  status: string,
  extra: Record<string, unknown> = {},
  updatedAt = "2026-12-01T12:00:00Z",
) => ({
  externalId,
  status,
  updatedAt,
  buyer: { name: "Ana", document: "boleta" },
  lines: [{ externalId: "l1", sku: "TAZA", name: "Taza", quantity: 2, unitPrice: 5990 }],
  ...extra,
});

describe("stock reserved by placed orders, paid or not", () => {
  let h: PipelineHarness;
  const free = async () => {
    const r = (await (await h.call("GET", "/api/v1/stock")).json()) as {
      items: Array<{ sku: string; available: number }>;
    };
    return r.items.find((i) => i.sku === "TAZA")?.available;
  };
  const held = (externalId: string) =>
    h.hub.db.stockReservation.count({ where: { order: { externalId }, state: "held" } });
  const documents = (externalId: string) => h.hub.db.document.count({ where: { order: { externalId } } });

  beforeAll(async () => {
    h = await startPipelineHarness();
    await createWarehouse(h.hub.db, h.companyId, { code: "SCL", name: "Santiago" }, "test");
    await setStoreWarehouses(h.hub.db, h.store.id, ["SCL"], "test");
    await h.call("PUT", "/api/v1/products", {
      products: [{ sku: "TAZA", name: "Taza", price: 5990, platformProductId: "p1" }],
    });
    await h.call("POST", "/api/v1/stock/movements", {
      movements: [{ sku: "TAZA", warehouse: "SCL", kind: "in", quantity: 10, unitCost: 2000 }],
    });
  });
  afterAll(() => h?.close());

  it("an unpaid order reserves at once and the store shows fewer; cancelling releases them", async () => {
    expect(await free()).toBe(10);
    await h.call("POST", "/api/v1/orders", order("U1", "pending"));
    await h.settle(async () => (await held("U1")) === 1, "the reservation");
    expect(await free()).toBe(8);
    expect(await documents("U1")).toBe(0);
    await h.call("POST", "/api/v1/orders", order("U1", "cancelled", {}, "2026-12-01T12:05:00Z"));
    await h.settle(async () => (await held("U1")) === 0, "the release");
    expect(await free()).toBe(10);
  });

  it("an order held for review keeps its units, waits with a reason, then gets one boleta once released", async () => {
    await h.call("POST", "/api/v1/orders", order("R1", "paid", { hold: "suspected_fraud" }));
    await h.settle(async () => {
      const o = await h.hub.db.order.findFirst({ where: { externalId: "R1" } });
      return (o?.pendingReasons as unknown[] | undefined)?.length === 1;
    }, "the visible wait");
    expect(await held("R1")).toBe(1);
    expect(await free()).toBe(8);
    expect(await documents("R1")).toBe(0);
    await h.call("POST", "/api/v1/orders", order("R1", "paid", { hold: null }, "2026-12-01T12:10:00Z"));
    await h.settle(async () => (await documents("R1")) === 1, "the boleta");
    await h.worker.drain();
    expect(await documents("R1")).toBe(1);
    const o = await h.hub.db.order.findFirstOrThrow({ where: { externalId: "R1" } });
    expect(o.pendingReasons).toEqual([]);
    // The sale consumed what the order held: 8 on hand, nothing reserved.
    expect(await held("R1")).toBe(0);
    expect(await free()).toBe(8);
  });

  it("an unpaid order's hold expires and gives the units back; paying later reserves again", async () => {
    // 2 seconds, so the expiry job really comes due during the test.
    await updateStoreSettings(h.hub.db, h.store.id, { unpaidHoldHours: 2 / 3600 }, "test");
    await h.call("POST", "/api/v1/orders", order("E1", "pending"));
    await h.settle(async () => (await held("E1")) === 1, "the reservation");
    expect(await free()).toBe(6);
    await h.settle(async () => (await held("E1")) === 0, "the expiry", 20_000);
    expect(await free()).toBe(8);
    await h.call("POST", "/api/v1/orders", order("E1", "paid", {}, "2026-12-01T12:20:00Z"));
    await h.settle(async () => (await documents("E1")) === 1, "the boleta");
    expect(await free()).toBe(6);
  });
});
