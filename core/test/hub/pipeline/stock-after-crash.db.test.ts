import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue } from "../../../src/hub/jobs/job-queue.js";
import { RECONCILE_JOB } from "../../../src/hub/documents/reconcile-pipeline.js";
import { createWarehouse } from "../../../src/hub/stock/create-warehouse.js";
import { setStoreWarehouses } from "../../../src/hub/stock/set-store-warehouses.js";
import { startPipelineHarness, type PipelineHarness } from "../../../src/testing/pipeline-harness.js";

// Issue 13.2: a crash between issuing the document and consuming its stock left the reservation
// held forever. Consuming runs on every attempt, and the sweep repairs what no job carries.

const order = (externalId: string) => ({
  externalId,
  status: "paid",
  updatedAt: "2026-11-20T12:00:00Z",
  buyer: { name: "Ana", document: "boleta" },
  lines: [{ externalId: "l1", sku: "CAFE", name: "Café 1 kg", quantity: 2, unitPrice: 12990 }],
});

describe("stock is consumed once per sale, even when the hub dies between the document and the stock", () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await startPipelineHarness();
    await createWarehouse(h.hub.db, h.companyId, { code: "SCL", name: "Santiago" }, "test");
    await setStoreWarehouses(h.hub.db, h.store.id, ["SCL"], "test");
    await h.call("PUT", "/api/v1/products", {
      products: [{ sku: "CAFE", name: "Café 1 kg", price: 12990, platformProductId: "p1" }],
    });
    await h.call("POST", "/api/v1/stock/movements", {
      movements: [{ sku: "CAFE", warehouse: "SCL", kind: "in", quantity: 10, unitCost: 7000 }],
    });
  });
  afterAll(() => h?.close());

  const saleOf = async (externalId: string) => {
    const o = await h.hub.db.order.findFirstOrThrow({ where: { externalId } });
    const reservations = await h.hub.db.stockReservation.findMany({ where: { orderId: o.id } });
    const sales = await h.hub.db.stockMovement.count({ where: { orderId: o.id, kind: "sale" } });
    return { reservations: reservations.map((r) => r.state), sales };
  };

  /** The database refuses the stock movement: the process "dies" after the document committed. */
  async function crashConsumption(times: "once" | "always") {
    await h.hub.db.$executeRawUnsafe(`CREATE SEQUENCE IF NOT EXISTS crash_once`);
    await h.hub.db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION crash_consume() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF ${times === "once" ? "nextval('crash_once') = 1" : "true"} THEN RAISE EXCEPTION 'hub killed mid-order'; END IF;
        RETURN NEW;
      END $$`);
    await h.hub.db.$executeRawUnsafe(
      `CREATE TRIGGER crash_consume BEFORE INSERT ON "StockMovement" FOR EACH ROW WHEN (NEW.kind = 'sale') EXECUTE FUNCTION crash_consume()`,
    );
  }
  const heal = () => h.hub.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS crash_consume ON "StockMovement"`);

  it("the next attempt consumes what the crashed one reserved, once", async () => {
    await crashConsumption("once");
    await h.call("POST", "/api/v1/orders", order("K1"));
    await h.settle(async () => (await saleOf("K1")).reservations.includes("consumed"), "the consumption");
    await heal();
    expect(await saleOf("K1")).toEqual({ reservations: ["consumed"], sales: 1 });
    expect(await h.hub.db.document.count({ where: { order: { externalId: "K1" } } })).toBe(1);
  });

  it("the reconciliation sweep repairs an order whose document exists but whose stock is still held", async () => {
    await crashConsumption("always");
    await h.call("POST", "/api/v1/orders", order("K2"));
    // Every attempt dies after the document: the job gives up (dead-lettered), the stock stays held.
    await h.settle(
      async () => (await h.hub.db.job.count({ where: { kind: "order.process", state: "dead" } })) === 1,
      "the dead job",
    );
    expect(await saleOf("K2")).toEqual({ reservations: ["held"], sales: 0 });
    await heal();
    // Old enough for the sweep to consider it no job's business any more.
    await h.hub.db.stockReservation.updateMany({
      data: { createdAt: new Date(Date.now() - 10 * 60_000) },
      where: { state: "held" },
    });
    await enqueue(h.hub.db, { kind: RECONCILE_JOB });
    await h.settle(async () => (await saleOf("K2")).reservations.includes("consumed"), "the repair");
    expect(await saleOf("K2")).toEqual({ reservations: ["consumed"], sales: 1 });
    const balance = await h.hub.db.stockBalance.findFirstOrThrow();
    expect(Number(balance.reserved)).toBe(0);
    expect(Number(balance.onHand)).toBe(6);
  });
});
