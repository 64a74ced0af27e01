import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MagentoClient, searchCriteria } from "../../connector/client/magento-client.js";
import { eventually, startHubProcess, type HubProcess } from "./support/hub-process.js";
import { solidPng } from "./support/png.js";

// The "Done when", as a merchant does it: a real Magento 2.4.7 with Timbre_Chile installed
// from dist/ (global setup), the hub running as `npm start` runs it (its own process, on a test
// database, the demo company and SII sandbox), the store created with the CLI's contract flags and
// a 10-second sync, and from then on only the CLI, the hub's own scheduler and Magento's REST API.
// Nothing of the hub runs in this process: every hub effect below is the running hub's doing.

const env = inject("magentoEnv");
const timings = inject("magentoTimings");
const INTERVAL = 10;

/** A valid RUT of this run (a reused shop keeps earlier runs' customers, and one RUT is one customer). */
function runRut(): { dotted: string; canonical: string } {
  const n = 70_000_000 + Math.floor(Math.random() * 9_000_000);
  let sum = 0;
  let m = 2;
  for (const d of String(n).split("").reverse()) {
    sum += Number(d) * m;
    m = m === 7 ? 2 : m + 1;
  }
  const r = 11 - (sum % 11);
  const dv = r === 11 ? "0" : r === 10 ? "K" : String(r);
  return { dotted: `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".")}-${dv}`, canonical: `${n}-${dv}` };
}
/** One sync: the interval, plus what one poll of this shop costs on a busy 2-core machine. */
const ONE_SYNC_MS = (INTERVAL + 50) * 1000;

interface OrderView {
  externalId: string;
  status: string;
  pendingReasons: Array<{ code: string; message?: string }>;
  documents: Array<{ type: number; folio: number; state: string }>;
}

describe("Magento 2.4.7 through the hub process: hold, boleta, reservation, shipment, tier prices, customers, credit memo", () => {
  let hub: HubProcess;
  let images: Server;
  let imageUrl = "";
  const png = solidPng(64, 64, [200, 90, 40]);
  let storeId = "";
  const admin = new MagentoClient({ url: env.MAGENTO_URL!, credentials: { accessToken: env.MAGENTO_TOKEN! } });
  const sfx = Date.now().toString(36);
  const SKU = `TAZA-${sfx}`;
  const GROUP = `Distribuidores ${sfx}`;
  let orderId = 0;
  let orderNumber = "";
  let stockId = 0;
  const measured: Record<string, number> = {};
  const started = Date.now();

  const order = () => hub.json<OrderView>("orders", "show", orderNumber, "--store", storeId);
  const magentoOrder = () =>
    admin.get<{ state: string; status: string; items: Array<{ item_id: number }> }>(`orders/${orderId}`, {}, "all");
  const reserved = async () => {
    const s = JSON.stringify(await hub.json("stock", "show", "--sku", SKU));
    return Number(/"reserved":\s*(\d+)/.exec(s)?.[1] ?? NaN);
  };
  const salable = () =>
    admin.get<number>(`inventory/get-product-salable-quantity/${SKU}/${stockId}`, {}, "all").then(Number);

  beforeAll(async () => {
    images = createServer((req, res) => {
      res.writeHead(req.url === "/taza.png" ? 200 : 404, { "content-type": "image/png" });
      res.end(req.url === "/taza.png" ? png : undefined);
    });
    await new Promise<void>((r) => images.listen(0, "127.0.0.1", r));
    imageUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}/taza.png`;
    const t = Date.now();
    hub = await startHubProcess();
    measured.hubStart = (Date.now() - t) / 1000;
    stockId = (await admin.get<{ stock_id: number }>("inventory/stock-resolver/website/base", {}, "all")).stock_id;
  });
  afterAll(async () => {
    await hub?.stop();
    await new Promise((r) => images?.close(r));
    console.log(
      `Magento through the hub process: ${JSON.stringify({ ...timings, ...measured, tests: (Date.now() - started) / 1000 })} s`,
    );
  });

  it("creates the store with the contract flags; 'sell online' publishes the product with its image and the hub's stock", async () => {
    const created = await hub.json(
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
      String(INTERVAL),
    );
    expect(created).toMatchObject({ platform: "magento", name: "Tienda Magento" });
    storeId = String(created.id);
    const tooFast = await hub.timbre(
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
    expect(tooFast.code).not.toBe(0);
    expect(tooFast.err + tooFast.out).toMatch(/sync-interval/);
    // The same integration also signs OAuth 1.0a requests (the store may be created with those flags).
    const signed = new MagentoClient({
      url: env.MAGENTO_URL!,
      credentials: {
        accessToken: env.MAGENTO_TOKEN!,
        accessTokenSecret: env.MAGENTO_TOKEN_SECRET!,
        consumerKey: env.MAGENTO_CONSUMER_KEY!,
        consumerSecret: env.MAGENTO_CONSUMER_SECRET!,
      },
    });
    expect(await signed.get<string>("timbre/version")).toBe("0.1.0");
    await hub.json("warehouse", "create", "--code", "SCL", "--name", "Bodega Santiago");
    await hub.json(
      "courier",
      "methods",
      "set",
      "--store",
      storeId,
      "--method",
      "*",
      "--mode",
      "carrier",
      "--carrier",
      "Starken",
    );
    await hub.json(
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
      "--image",
      imageUrl,
      "--store",
      storeId,
      "--sell-online",
      "yes",
    );
    await hub.json(
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
    await hub.json("stock", "move", "--sku", SKU, "--kind", "in", "--quantity", "10", "--warehouse", "SCL");
    await hub.json("store", "warehouses", storeId, "SCL");

    const t = Date.now();
    const product = await eventually("the product in Magento", 3 * ONE_SYNC_MS, async () => {
      const p = await admin.get<{
        name: string;
        weight: number;
        status: number;
        media_gallery_entries: Array<{ file: string; types: string[] }>;
        custom_attributes: Array<{ attribute_code: string; value: string }>;
      }>(`products/${encodeURIComponent(SKU)}`, {}, "all");
      return p.media_gallery_entries.length > 0 ? p : undefined;
    });
    expect(product).toMatchObject({ name: "Taza de greda artesanal de Pomaire", weight: 0.35, status: 1 });
    expect(product.custom_attributes).toEqual(
      expect.arrayContaining([{ attribute_code: "short_description", value: "Taza de greda" }]),
    );
    // Not sold online: never created in Magento.
    await expect(admin.get(`products/${encodeURIComponent(SKU)}-NO`, {}, "all")).rejects.toMatchObject({ status: 404 });
    // The hub's image itself, as Magento serves it to the storefront.
    expect(product.media_gallery_entries).toHaveLength(1);
    expect(product.media_gallery_entries[0]!.types).toEqual(expect.arrayContaining(["image", "thumbnail"]));
    const served = await fetch(`${env.MAGENTO_URL}/media/catalog/product${product.media_gallery_entries[0]!.file}`);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    // The hub's stock as MSI source items: Magento can sell exactly the hub's free units.
    await eventually("Magento's salable quantity to be 10", 3 * ONE_SYNC_MS, async () =>
      (await salable()) === 10 ? true : undefined,
    );
    measured.published = (Date.now() - t) / 1000;
  });

  it("a guest order put on hold is in the hub with its stock reserved within one sync, and gets no document", async () => {
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
      email: `ana.${sfx}@example.test`,
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
    await admin.post(`orders/${orderId}/hold`, {}, "all");
    const placed = Date.now();
    orderNumber = (await admin.get<{ increment_id: string }>(`orders/${orderId}`, {}, "all")).increment_id;
    expect((await magentoOrder()).state).toBe("holded");

    const o = await eventually("the held order in the hub with 2 units reserved", ONE_SYNC_MS, async () => {
      const v = await order();
      return v.pendingReasons.some((r) => r.code === "platform_hold") && (await reserved()) === 2 ? v : undefined;
    });
    measured.orderToReserved = (Date.now() - placed) / 1000;
    expect(o).toMatchObject({ externalId: orderNumber, status: "pending" });
    expect(o.pendingReasons).toEqual([expect.objectContaining({ code: "platform_hold" })]);
    expect(o.documents).toHaveLength(0);
    // A few more syncs while it waits: still nothing issued, Magento still sells only the free units.
    await new Promise((r) => setTimeout(r, 2.5 * INTERVAL * 1000));
    expect((await order()).documents).toHaveLength(0);
    expect(await salable()).toBe(8);
  });

  it("released and invoiced in Magento, it gets exactly one boleta, shown on the Magento order", async () => {
    await admin.post(`orders/${orderId}/unhold`, {}, "all");
    await admin.post(`order/${orderId}/invoice`, { capture: true, notify: false }, "all");
    expect((await magentoOrder()).state).toBe("processing");
    const t = Date.now();
    const o = await eventually("the boleta", 2 * ONE_SYNC_MS, async () => {
      const v = await order();
      return v.documents.length > 0 ? v : undefined;
    });
    measured.releasedToBoleta = (Date.now() - t) / 1000;
    expect(o.documents.map((d) => d.type)).toEqual([39]);
    const folio = o.documents[0]!.folio;
    const lines = await eventually("the boleta written back on the Magento order", ONE_SYNC_MS, async () => {
      const l = await admin.get<string[]>(`timbre/orders/${orderNumber}/documents`);
      return l.length > 0 ? l : undefined;
    });
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^Boleta electrónica N° ${folio} — `))]);
    // More polls over the overlap window issue nothing more.
    await new Promise((r) => setTimeout(r, 2.5 * INTERVAL * 1000));
    expect((await order()).documents.map((d) => d.type)).toEqual([39]);
  });

  it("shipped from the hub with a tracking number: the Magento order is complete with that track", async () => {
    const delivery = await eventually("the order's delivery in the hub", ONE_SYNC_MS, async () => {
      const all = await hub.json<Array<{ code: string; order: { externalId: string }; mode: string }>>(
        "courier",
        "deliveries",
      );
      return all.find((d) => d.order.externalId === orderNumber);
    });
    expect(delivery.mode).toBe("carrier");
    await hub.json("courier", "deliveries", "ship", delivery.code, "--tracking", `TMB${sfx}`, "--carrier", "Starken");
    const t = Date.now();
    await eventually("the Magento order to be complete", ONE_SYNC_MS, async () =>
      (await magentoOrder()).state === "complete" ? true : undefined,
    );
    measured.shipToComplete = (Date.now() - t) / 1000;
    const shipments = await admin.get<{ items: Array<{ tracks: Array<{ track_number: string; title: string }> }> }>(
      "shipments",
      searchCriteria([["order_id", orderId]]),
      "all",
    );
    expect(shipments.items).toHaveLength(1);
    expect(shipments.items[0]!.tracks.map((tr) => tr.track_number)).toEqual([`TMB${sfx}`]);
  });

  it("a price list on a customer group becomes its tier price; customers go both ways", async () => {
    const group = await admin.post<{ id: number; code: string }>(
      "customerGroups",
      { group: { code: GROUP, tax_class_id: 3 } },
      "all",
    );
    await hub.json("price", "set", "--list", "Mayorista", "--sku", SKU, "--price", "4990");
    await hub.json("store", "sync-settings", storeId, "--customer-group", GROUP, "--price-list", "Mayorista");
    const t = Date.now();
    const tiers = await eventually("the group's tier price in Magento", 2 * ONE_SYNC_MS, async () => {
      const all = await admin.post<Array<{ sku: string; customer_group: string; price: number }>>(
        "products/tier-prices-information",
        { skus: [SKU] },
        "all",
      );
      return all.length > 0 ? all : undefined;
    });
    measured.tierPrice = (Date.now() - t) / 1000;
    expect(tiers).toEqual([expect.objectContaining({ sku: SKU, customer_group: GROUP, price: 4990 })]);

    // A distributor registered in Magento becomes a hub customer with its RUT …
    const email = `compras.${sfx}@distribuidora.test`;
    const rut = runRut();
    const customer = await admin.post<{ id: number; group_id: number }>(
      "customers",
      { customer: { email, firstname: "Rosa", lastname: "Díaz", taxvat: rut.dotted, website_id: 1 } },
      "all",
    );
    expect(customer.group_id).not.toBe(group.id);
    const inHub = await eventually("the Magento customer in the hub", 2 * ONE_SYNC_MS, async () => {
      const rows = await hub.json<Array<{ code: string; email: string | null; rut: string | null; guest: boolean }>>(
        "customer",
        "list",
        "--search",
        email,
      );
      return rows[0];
    });
    expect(inHub).toMatchObject({ email, rut: rut.canonical, guest: false });
    // … and the price list the merchant gives it in the hub puts it in that group in Magento.
    await hub.json("customer", "set", inHub.code, "--price-list", "Mayorista");
    await eventually("the customer's group in Magento", 2 * ONE_SYNC_MS, async () =>
      (await admin.get<{ group_id: number }>(`customers/${customer.id}`, {}, "all")).group_id === group.id
        ? true
        : undefined,
    );
  });

  it("a credit memo in Magento becomes one nota de crédito", async () => {
    const o = await magentoOrder();
    await admin.post(
      `order/${orderId}/refund`,
      { items: [{ order_item_id: o.items[0]!.item_id, qty: 1 }], notify: false, arguments: { shipping_amount: 0 } },
      "all",
    );
    const t = Date.now();
    await eventually("the nota de crédito", 2 * ONE_SYNC_MS, async () =>
      (await order()).documents.some((d) => d.type === 61) ? true : undefined,
    );
    measured.creditMemoToNota = (Date.now() - t) / 1000;
    await new Promise((r) => setTimeout(r, 2.5 * INTERVAL * 1000));
    expect((await order()).documents.map((d) => d.type).sort()).toEqual([39, 61]);
  });
});
