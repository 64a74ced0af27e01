import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startDemo } from "@timbre/core/demo";
import { loadConfig, openHub, type Hub } from "@timbre/core/hub";
import { getConnector, registerConnector, type StoreCatalogPort } from "@timbre/core/platforms";
import { runStoreSync } from "@timbre/core/platform-parts";
import { startSiiEmulator, type SiiEmulator } from "@timbre/core/sii-emulator";
import { createTestDatabase, type TestDatabase } from "@timbre/core/testing/test-database";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MagentoClient, searchCriteria } from "../../connector/client/magento-client.js";
import factory from "../../connector/index.js";
import { runSweep } from "../../connector/sweep.js";
import type { MagentoStore } from "../../connector/store-client.js";
import { magentoStoreContext } from "./support/store-context.js";

// What a merchant relies on, against a real Magento 2.4.7 with the Timbre_Chile module installed
// from dist/: the store created with the CLI's contract flags, a guest order on hold waits with its
// stock reserved and gets one boleta once released and paid, our shipment completes the order with
// its tracking number, a price list becomes a customer group's tier prices, a credit memo one nota
// de crédito. The hub runs here with the demo company and the SII emulator.

const repo = resolve(import.meta.dirname, "..", "..", "..");
const SECRET = "A".repeat(43) + "=";
const env = inject("magentoEnv");
const timings = inject("magentoTimings");

describe("Magento 2.4.7: orders, stock, shipments, tier prices and credit memos through Timbre", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  let sii: SiiEmulator;
  let store: MagentoStore;
  let storeId: string;
  let cursor: string | null = null;
  let dataDir: string;
  const admin = new MagentoClient({ url: env.MAGENTO_URL!, credentials: { accessToken: env.MAGENTO_TOKEN! } });
  const sfx = `${Date.now().toString(36)}`;
  const SKU = `TAZA-${sfx}`;
  let orderNumber = "";
  let orderId = 0;
  let catalogPort: StoreCatalogPort;
  let salable: () => Promise<number>;
  const started = Date.now();

  const timbre = (...args: string[]) =>
    new Promise<{ code: number; out: string; err: string }>((done) => {
      const p = spawn(process.execPath, [join(repo, "core", "bin", "timbre.mjs"), ...args], {
        env: {
          ...process.env,
          DATABASE_URL: tdb.url,
          TIMBRE_SECRET_KEY: SECRET,
          TIMBRE_DATA_DIR: dataDir,
          TIMBRE_DEMO: "0",
        },
      });
      let out = "";
      let err = "";
      p.stdout.on("data", (d) => (out += d));
      p.stderr.on("data", (d) => (err += d));
      p.on("close", (code) => done({ code: code ?? 1, out, err }));
    });
  const json = async (...args: string[]) => {
    const r = await timbre(...args, "--json");
    if (r.code !== 0) throw new Error(`timbre ${args.join(" ")} → ${r.code}: ${r.err || r.out}`);
    return JSON.parse(r.out) as Record<string, unknown>;
  };
  /** One poll, as the hub's scheduler runs it, then the jobs it queued. */
  const sync = async () => {
    cursor = (await runSweep(store, cursor && JSON.stringify({ ...JSON.parse(cursor), ranAt: 0 }))).cursor;
    await drain();
  };
  const drain = async (until?: () => Promise<boolean>, what = "the hub") => {
    const deadline = Date.now() + 60_000;
    const worker = hub.startWorker();
    do {
      await worker.drain();
      if (!until || (await until())) return;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    throw new Error(`timed out waiting for ${what}`);
  };
  const hubOrder = () =>
    hub.db.order.findFirst({ where: { storeId, externalId: orderNumber }, include: { documents: true } });
  const magentoOrder = () =>
    admin.get<{ state: string; status: string; items: Array<{ item_id: number }> }>(`orders/${orderId}`, {}, "all");

  beforeAll(async () => {
    process.env.TEST_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
    tdb = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), "timbre-magento-"));
    hub = await openHub(loadConfig({ DATABASE_URL: tdb.url, TIMBRE_DATA_DIR: dataDir, TIMBRE_SECRET_KEY: SECRET }), {
      role: "cli",
    });
    const demo = await startDemo(hub);
    sii = await startSiiEmulator({ cafAuthorities: [demo.cafAuthorityPublicKey], timing: { mode: "instant" } });
    hub.startWorker({
      siiBaseUrl: sii.url,
      extraSiiKeys: { 100: demo.cafAuthorityPublicKey },
      boletaLingerMs: 0,
      pollIntervalMs: 20,
      pollMs: 60_000,
      backoff: { baseMs: 5, maxMs: 20, jitter: 0 },
      siiTransport: { timeoutMs: 2_000, retry: { attempts: 1 } },
    });
    registerConnector(await factory({ env: {}, publicUrl: "http://127.0.0.1:3600", role: "test" }));
  });
  afterAll(async () => {
    await hub?.close();
    await sii?.close();
    await tdb?.close();
    console.log(`Magento e2e: ${JSON.stringify({ ...timings, tests: (Date.now() - started) / 1000 })} s`);
  });

  it("creates the store with the CLI's contract flags and checks the connection", async () => {
    const created = await json(
      "store",
      "create",
      "--platform",
      "magento",
      "--name",
      "Tienda Magento",
      "--url",
      env.MAGENTO_URL!,
      "--access-token",
      env.MAGENTO_TOKEN!,
      "--sync-interval",
      "10",
    );
    storeId = String(created.id);
    expect(created).toMatchObject({ platform: "magento", name: "Tienda Magento" });
    const bad = await timbre(
      "store",
      "create",
      "--platform",
      "magento",
      "--name",
      "X",
      "--url",
      env.MAGENTO_URL!,
      "--access-token",
      "t",
      "--sync-interval",
      "5",
      "--json",
    );
    expect(bad.code).not.toBe(0);
    expect(bad.err + bad.out).toMatch(/sync-interval/);
    store = await magentoStoreContext(hub, storeId);
    expect((await store.settings.read()).syncIntervalSeconds).toBe(10);
    // The same integration also signs OAuth 1.0a requests.
    const signed = new MagentoClient({
      url: env.MAGENTO_URL!,
      credentials: {
        accessToken: env.MAGENTO_TOKEN!,
        accessTokenSecret: env.MAGENTO_TOKEN_SECRET!,
        consumerKey: env.MAGENTO_CONSUMER_KEY!,
        consumerSecret: env.MAGENTO_CONSUMER_SECRET!,
      },
    });
    const found = await signed.get<{ total_count: number }>(
      "orders",
      searchCriteria([["updated_at", "2000-01-01 00:00:00", "gteq"]]),
    );
    expect(found.total_count).toBeGreaterThanOrEqual(0);
    expect(await signed.get<string>("timbre/version")).toBe("0.1.0");
  });

  it("a guest order on hold reserves its stock in the hub within one sync and gets no document", async () => {
    await json("warehouse", "create", "--code", "SCL", "--name", "Bodega Santiago");
    await json(
      "product",
      "upsert",
      "--sku",
      SKU,
      "--name",
      "Taza de greda artesanal de Pomaire",
      "--price",
      "5990",
      "--short-name",
      "Taza de greda",
      "--description",
      "Hecha a mano en Pomaire.",
      "--weight",
      "0,35",
      "--store",
      storeId,
      "--sell-online",
      "yes",
    );
    await json(
      "product",
      "upsert",
      "--sku",
      `${SKU}-NO`,
      "--name",
      "Taza de muestra",
      "--price",
      "100",
      "--store",
      storeId,
      "--sell-online",
      "no",
    );
    await json(
      "stock",
      "move",
      "--sku",
      SKU,
      "--kind",
      "in",
      "--quantity",
      "10",
      "--warehouse",
      "SCL",
      "--unit-cost",
      "2000",
    );
    await json("store", "warehouses", storeId, "SCL");
    // "Sell online" publishes the product with its data; the one not sold online is not created.
    await sync();
    const product = await admin.get<{
      name: string;
      weight: number;
      status: number;
      custom_attributes: Array<{ attribute_code: string; value: string }>;
    }>(`products/${SKU}`, {}, "all");
    expect(product).toMatchObject({ name: "Taza de greda artesanal de Pomaire", weight: 0.35, status: 1 });
    expect(product.custom_attributes).toEqual(
      expect.arrayContaining([{ attribute_code: "short_description", value: "Taza de greda" }]),
    );
    await expect(admin.get(`products/${SKU}-NO`, {}, "all")).rejects.toMatchObject({ status: 404 });
    // The hub's stock, published as MSI source items: Magento can sell exactly the hub's free units.
    catalogPort = getConnector("magento")!.catalog!(store as never)!;
    await runStoreSync(hub.db, storeId, { actor: "test", adapters: () => catalogPort });
    const stockId = (await admin.get<{ stock_id: number }>("inventory/stock-resolver/website/base", {}, "all"))
      .stock_id;
    salable = () =>
      admin.get<number>(`inventory/get-product-salable-quantity/${SKU}/${stockId}`, {}, "all").then(Number);
    expect(await salable()).toBe(10);
    const cart = await admin.post<string>("guest-carts", {});
    await admin.post(`guest-carts/${cart}/items`, { cartItem: { sku: SKU, qty: 2, quote_id: cart } });
    const address = {
      firstname: "Ana",
      lastname: "Pérez",
      street: ["Av. Providencia 1234"],
      city: "Providencia",
      region_id: 681,
      region_code: "CL-RM",
      region: "Región Metropolitana",
      postcode: "7500000",
      country_id: "CL",
      telephone: "+56911111111",
      email: "ana@example.test",
      vat_id: "76.354.771-K",
      extension_attributes: { timbre_document_type: "boleta" },
    };
    await admin.post(`guest-carts/${cart}/shipping-information`, {
      addressInformation: {
        shipping_address: address,
        billing_address: address,
        shipping_carrier_code: "flatrate",
        shipping_method_code: "flatrate",
      },
    });
    orderId = Number(
      await admin.post(`guest-carts/${cart}/payment-information`, {
        email: address.email,
        paymentMethod: { method: "checkmo" },
        billingAddress: address,
      }),
    );
    const placed = await admin.get<{ increment_id: string }>(`orders/${orderId}`, {}, "all");
    orderNumber = placed.increment_id;
    await admin.post(`orders/${orderId}/hold`, {}, "all");
    expect((await magentoOrder()).state).toBe("holded");

    await sync();
    const o = await hubOrder();
    expect(o).toMatchObject({ externalId: orderNumber, status: "pending", hold: "on_hold" });
    expect(o!.documents).toHaveLength(0);
    expect(o!.pendingReasons).toEqual([expect.objectContaining({ code: "platform_hold" })]);
    const stock = await json("stock", "show", "--sku", SKU);
    expect(JSON.stringify(stock)).toMatch(/"reserved":\s*2/);
    // Republishing after the hub's reservation counts Magento's own reservation once, not twice.
    expect(await salable()).toBe(8);
    await runStoreSync(hub.db, storeId, { actor: "test", adapters: () => catalogPort });
    expect(await salable()).toBe(8);
  });

  it("released and invoiced in Magento, the order gets exactly one boleta, written back on the order", async () => {
    await admin.post(`orders/${orderId}/unhold`, {}, "all");
    await admin.post(`order/${orderId}/invoice`, { capture: true, notify: false }, "all");
    expect((await magentoOrder()).state).toBe("processing");
    await sync();
    await drain(async () => ((await hubOrder())?.documents.length ?? 0) > 0, "the boleta");
    await sync(); // a second poll over the overlap window issues nothing more
    const o = await hubOrder();
    expect(o!.documents.filter((d) => d.kind === "sale")).toHaveLength(1);
    expect(o!.documents[0]).toMatchObject({ type: 39 });
    const doc = o!.documents[0]!;
    const port = getConnector("magento")!.documents!(store as never)!;
    await port.documentChanged({
      orderExternalId: orderNumber,
      documentId: doc.id,
      kind: "sale",
      type: 39,
      typeName: "BOLETA ELECTRÓNICA",
      folio: doc.folio,
      state: "accepted",
      total: doc.totalAmount,
      pdfUrl: `http://127.0.0.1:3600/api/v1/documents/${doc.id}.pdf?t=x`,
      xmlUrl: "",
      pdf: async () => Buffer.alloc(0),
    } as never);
    // What the admin order view and the customer's order page show.
    expect(await admin.get<string[]>(`timbre/orders/${orderNumber}/documents`)).toEqual([
      `Boleta electrónica N° ${doc.folio} — Aceptado por el SII`,
    ]);
  });

  it("ships from the hub with a tracking number: the Magento order is complete with that track", async () => {
    const connector = getConnector("magento")!;
    const port = connector.fulfillment!(store as never)!;
    await port.markFulfilled(orderNumber, {
      status: "shipped",
      tracking: { number: `TMB${sfx}`, carrier: "Timbre Despacho" },
    });
    await port.markFulfilled(orderNumber, {
      status: "completed",
      tracking: { number: `TMB${sfx}`, carrier: "Timbre Despacho" },
    });
    const o = await magentoOrder();
    expect(o.state).toBe("complete");
    const shipments = await admin.get<{ items: Array<{ tracks: Array<{ track_number: string }> }> }>(
      "shipments",
      searchCriteria([["order_id", orderId]]),
      "all",
    );
    expect(shipments.items).toHaveLength(1);
    expect(shipments.items[0]!.tracks.map((t) => t.track_number)).toEqual([`TMB${sfx}`]);
  });

  it("a price list on a customer group becomes that group's tier price in Magento", async () => {
    const group = await admin.post<{ id: number; code: string }>(
      "customerGroups",
      { group: { code: `Distribuidores ${sfx}`, tax_class_id: 3 } },
      "all",
    );
    await json("price", "set", "--list", "Mayorista", "--sku", SKU, "--price", "4990");
    const view = await json(
      "store",
      "sync-settings",
      storeId,
      "--customer-group",
      group.code,
      "--price-list",
      "Mayorista",
    );
    expect(JSON.stringify(view)).toContain(group.code);
    await sync();
    const tiers = await admin.post<Array<{ sku: string; customer_group: string; price: number }>>(
      "products/tier-prices-information",
      { skus: [SKU] },
      "all",
    );
    expect(tiers).toEqual([expect.objectContaining({ sku: SKU, customer_group: group.code, price: 4990 })]);
  });

  it("a credit memo in Magento becomes one nota de crédito", async () => {
    const o = await magentoOrder();
    await admin.post(
      `order/${orderId}/refund`,
      { items: [{ order_item_id: o.items[0]!.item_id, qty: 1 }], notify: false, arguments: { shipping_amount: 0 } },
      "all",
    );
    await sync();
    await drain(
      async () => ((await hubOrder())?.documents.filter((d) => d.type === 61).length ?? 0) > 0,
      "the nota de crédito",
    );
    await sync();
    await drain();
    const docs = (await hubOrder())!.documents;
    expect(docs.filter((d) => d.type === 61)).toHaveLength(1);
    expect(docs.filter((d) => d.kind === "sale")).toHaveLength(1);
  });
});
