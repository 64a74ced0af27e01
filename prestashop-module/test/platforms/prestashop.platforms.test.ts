import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeCatalogPortContract } from "@timbre/core/testing/platform-contract";
import { PrestaShopCatalog } from "../../connector/catalog-adapter.js";
import { readShopOrder } from "../../connector/connector.js";
import { PrestaShopFulfillment } from "../../connector/fulfillment-adapter.js";
import { mapOrder } from "../../connector/map-order.js";
import { mapSlip } from "../../connector/map-refund.js";
import { ShopReader } from "../../connector/shop-reader.js";
import { PrestaShopWebservice } from "../../connector/webservice-client.js";
import { xmlResource } from "../../connector/xml.js";
import { prestashopCatalogSubject } from "./catalog-subject.js";
import { startReceiver } from "./event-receiver.js";
import { configureModule, createOrderSlip, placeGuestOrder, prepareChileanShop } from "./shop-setup.js";
import { installZip, shopPhp, sql, startShop, stopShop, console as psConsole, type ShopEnv } from "./real-shop.js";

/**
 * The module and the connector against the real PrestaShop 8.1.2 (../shared/platforms): the zip
 * installed as a merchant would, a guest order placed through the webservice and paid, stock of a
 * combination, tracking and states, an order slip. Each step asserts what the merchant relies on.
 */
const PORT = Number(process.env.TIMBRE_PRESTA_PORT ?? 47412);
const API_KEY = "tmb_presta_e2e_key";
const SECRET = "presta-e2e-secret-0123456789";
const SKU = "TMB-POLERA-BLANCA-S";

let shop: ShopEnv;
let ws: PrestaShopWebservice;
let reader: ShopReader;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const timings: Record<string, number> = {};

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("PrestaShop 8.1 with the Timbre module", () => {
  beforeAll(async () => {
    let t = Date.now();
    shop = await startShop(PORT);
    timings.shopSetup = Date.now() - t;
    t = Date.now();
    await installZip(shop);
    timings.moduleInstall = Date.now() - t;
    receiver = await startReceiver(API_KEY, SECRET);
    await configureModule(shop, receiver.url, API_KEY, SECRET);
    ws = new PrestaShopWebservice({ shopUrl: shop.PS_URL, key: shop.PS_WS_KEY });
    reader = new ShopReader(ws);
    await prepareChileanShop(shop, ws, SKU);
  }, 900_000);

  afterAll(async () => {
    await receiver?.close();
    await stopShop(shop);
    console.log("[prestashop e2e] timings (ms):", JSON.stringify(timings));
  });

  it("installs from the zip with its tables, back-office tab and read-only webservice resource, and uninstalls cleanly", async () => {
    const tables = async () => (await sql(shop, "SHOW TABLES LIKE 'ps_timbre%'")).map((r) => r[0]).sort();
    expect(await tables()).toEqual(["ps_timbre_address", "ps_timbre_event", "ps_timbre_order"]);
    expect(await sql(shop, "SELECT module FROM ps_tab WHERE class_name = 'AdminTimbre'")).toEqual([["timbre"]]);
    expect(await ws.get("timbre_orders", null)).toBeDefined();
    await expect(ws.post("timbre_orders", xmlResource("timbre_order", { id_order: 1 }))).rejects.toMatchObject({
      status: 405,
    });

    const t = Date.now();
    expect(await psConsole(shop, "prestashop:module", "uninstall", "timbre")).toMatch(/succeeded/);
    expect(await tables()).toEqual([]);
    expect(await sql(shop, "SELECT COUNT(*) FROM ps_tab WHERE class_name = 'AdminTimbre'")).toEqual([["0"]]);
    expect(await sql(shop, "SELECT COUNT(*) FROM ps_webservice_permission WHERE resource = 'timbre_orders'")).toEqual([
      ["0"],
    ]);
    expect(await sql(shop, "SELECT COUNT(*) FROM ps_configuration WHERE name LIKE 'TIMBRE\\_%'")).toEqual([["0"]]);
    await installZip(shop);
    timings.uninstallReinstall = Date.now() - t;
    await configureModule(shop, receiver.url, API_KEY, SECRET);
  });

  let orderId = "";

  it("a guest order placed through the webservice and moved to Pago aceptado reaches the hub as signed events and reads as a paid guest order", async () => {
    const t = Date.now();
    orderId = await placeGuestOrder(shop, ws, `ana.${Date.now()}@example.cl`);
    await ws.post("order_histories", xmlResource("order_history", { id_order: orderId, id_order_state: 2 }));
    const topics = await waitFor("the order's events", () => {
      const mine = receiver.events.filter((e) => e.data.id_order === orderId).map((e) => e.topic);
      return mine.includes("order.validated") && mine.includes("order.state_changed") ? mine : undefined;
    });
    timings.orderToEvents = Date.now() - t;
    expect(topics).toContain("order.state_changed");
    expect(receiver.rejected).toEqual([]);
    expect(receiver.events.some((e) => e.topic === "carrier.saved")).toBe(true);
    expect(receiver.events.some((e) => e.topic === "customer.saved" && e.data.guest === true)).toBe(true);

    const snapshot = await readShopOrder(reader, orderId);
    const { order } = mapOrder(snapshot!);
    expect(order.status).toBe("paid");
    expect(order.buyer).toMatchObject({ guest: true, rut: "12345678-5", commune: "Providencia" });
    expect(order.lines).toEqual([expect.objectContaining({ sku: SKU, quantity: 2 })]);
    // The carrier PrestaShop settled on for the cart, by name: what the hub's shipping methods are keyed on.
    expect(snapshot!.carrier?.name).toBeTruthy();
    expect(order.shipping).toMatchObject({ name: snapshot!.carrier!.name });
  });

  it("keeps events while the hub is down and sends them from the cron controller", async () => {
    receiver.setStatus(503);
    const before = receiver.events.length;
    await ws.post(
      "customers",
      xmlResource("customer", {
        firstname: "Pedro",
        lastname: "Cuenta",
        email: `pedro.${Date.now()}@example.cl`,
        passwd: "Cuenta-123456",
        active: 1,
        id_default_group: 3,
      }),
    );
    const failing = await waitFor("a failed attempt", async () => {
      const rows = await sql(
        shop,
        "SELECT attempts, last_error FROM ps_timbre_event WHERE sent_at IS NULL AND attempts > 0",
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(failing[0]![1]).toContain("503");
    receiver.setStatus(202);
    await sql(shop, "UPDATE ps_timbre_event SET next_attempt_at = 0 WHERE sent_at IS NULL");
    const token = (await shopPhp(shop, "echo Module::getInstanceByName('timbre')->cronToken();")).trim();
    const cron = await fetch(`${shop.PS_URL}/index.php?fc=module&module=timbre&controller=cron&token=${token}`);
    expect(cron.status).toBe(200);
    expect(await cron.json()).toMatchObject({ failed: 0, pending: 0 });
    expect(receiver.events.length).toBeGreaterThan(before);
    const bad = await fetch(`${shop.PS_URL}/index.php?fc=module&module=timbre&controller=cron&token=nope`);
    expect(bad.status).toBe(403);
  });

  it("writes the hub's stock of a combination to its stock_availables", async () => {
    const catalog = new PrestaShopCatalog(ws, async () => "1");
    const page = await catalog.listListings(null);
    const listing = page.listings.find((l) => l.sku === SKU);
    expect(listing?.ref).toMatchObject({ productId: "1", variantId: "1" });
    expect(page.listings.some((l) => l.ref.productId === "1" && l.ref.variantId === undefined)).toBe(false);
    expect(await catalog.setInventory([{ ref: listing!.ref, sku: SKU, quantity: 7, expected: null }])).toEqual([
      { ok: true },
    ]);
    const rows = await sql(
      shop,
      "SELECT quantity FROM ps_stock_available WHERE id_product = 1 AND id_product_attribute = 1",
    );
    expect(rows).toEqual([["7"]]);
  });

  it("writes the tracking on the order carrier and moves the order to Enviado, then Entregado", async () => {
    const config = await reader.config();
    const fulfillment = new PrestaShopFulfillment(reader);
    await fulfillment.markFulfilled(orderId, {
      status: "shipped",
      tracking: { number: "STK-991122", carrier: "My carrier" },
    });
    expect(await sql(shop, `SELECT tracking_number FROM ps_order_carrier WHERE id_order = ${orderId}`)).toEqual([
      ["STK-991122"],
    ]);
    expect((await reader.order(orderId))!.current_state).toBe(config.states.shipped);
    const histories = (await reader.histories(orderId)).length;
    // Told twice (a retried job): nothing is written twice.
    await fulfillment.markFulfilled(orderId, {
      status: "shipped",
      tracking: { number: "STK-991122", carrier: "My carrier" },
    });
    expect((await reader.histories(orderId)).length).toBe(histories);
    await fulfillment.markFulfilled(orderId, { status: "completed", tracking: null });
    expect((await reader.order(orderId))!.current_state).toBe(config.states.delivered);
    // A late "shipped" never moves a delivered order back.
    await fulfillment.markFulfilled(orderId, { status: "shipped", tracking: null });
    expect((await reader.order(orderId))!.current_state).toBe(config.states.delivered);
  });

  it("an order slip (partial refund) reaches the hub as an event and reads as a refund of its rows", async () => {
    const slipId = await createOrderSlip(shop, orderId);
    await waitFor("the slip event", () =>
      receiver.events.find((e) => e.topic === "order.slip_created" && e.data.id_order_slip === slipId),
    );
    const slip = await reader.slip(slipId);
    const refund = mapSlip(slip!, (await reader.order(orderId))!);
    const row = (await reader.order(orderId))!.associations.order_rows[0]!;
    expect(refund).toMatchObject({
      externalId: `slip-${slipId}`,
      lines: [{ externalId: row.id, quantity: 1 }],
      shipping: false,
    });
  });

  // The shared catalog contract on the real shop: products and combinations as the merchant makes them.
  describeCatalogPortContract("PrestaShop 8.1 (real shop)", async () => prestashopCatalogSubject(ws));
});
