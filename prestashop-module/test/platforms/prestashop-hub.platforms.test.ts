import { existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopReader } from "../../connector/shop-reader.js";
import { PrestaShopWebservice } from "../../connector/webservice-client.js";
import { xmlResource } from "../../connector/xml.js";
import { startHubProcess, type HubProcess } from "./hub-process.js";
import { installZip, shopPhp, sql, startShop, stopShop, type ShopEnv } from "./real-shop.js";
import { configureModule, createOrderSlip, placeGuestOrder, prepareChileanShop } from "./shop-setup.js";

/**
 * The acceptance scenario of issue 15, end to end: the real PrestaShop 8.1.2 with our zip, and the
 * hub as `npm start` runs it (its own process, a throw-away PostgreSQL database). The module reaches
 * the hub only over HTTP (its signed events); the merchant works the hub only through `timbre`;
 * what the shop shows is read from its own database.
 */
const PORT = Number(process.env.TIMBRE_PRESTA_HUB_PORT ?? 47413);
const SKU = "TMB-POLERA-BLANCA-S";

let shop: ShopEnv;
let hub: HubProcess;
let ws: PrestaShopWebservice;
let reader: ShopReader;
let storeId = "";
let orderId = "";
const email = `ana.hub.${Date.now()}@example.cl`;
const timings: Record<string, number> = {};
const CHROMIUM = "/usr/bin/chromium";
let browser: Browser | undefined;

async function eventually<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms / 1000} s waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

interface OrderJson {
  status: string;
  documents: Array<{ type: number; folio: number; total: number; state: string; pdfUrl: string }>;
}
interface DeliveryJson {
  code: string;
  mode: string;
  stateLabel: string;
  trackingNumber: string | null;
  order: { externalId: string };
}

const showOrder = () => hub.cli<OrderJson>("orders", "show", orderId, "--store", storeId);
/** What the shop offers of the combination now (its stock_availables row). */
const shopQuantity = async () =>
  Number(
    (
      await sql(shop, "SELECT quantity FROM ps_stock_available WHERE id_product = 1 AND id_product_attribute = 1")
    )[0]![0],
  );
const hubAvailable = async () =>
  (await hub.cli<Array<{ sku: string; available: number }>>("stock", "show", "--sku", SKU, "--store", storeId)).find(
    (i) => i.sku === SKU,
  )!.available;

/** The merchant's crontab: the module's cron controller sends what is queued. */
async function runModuleCron(): Promise<void> {
  const token = (await shopPhp(shop, "echo Module::getInstanceByName('timbre')->cronToken();")).trim();
  const r = await fetch(`${shop.PS_URL}/index.php?fc=module&module=timbre&controller=cron&token=${token}`);
  expect(r.status).toBe(200);
}

describe("PrestaShop 8.1, the module and the hub running as a process", () => {
  beforeAll(async () => {
    const t = Date.now();
    [shop, hub] = await Promise.all([
      startShop(PORT).then(async (s) => {
        await installZip(s);
        return s;
      }),
      startHubProcess(),
    ]);
    timings.shopAndHub = Date.now() - t;
    ws = new PrestaShopWebservice({ shopUrl: shop.PS_URL, key: shop.PS_WS_KEY });
    reader = new ShopReader(ws);
    await prepareChileanShop(shop, ws, SKU);
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    // What the hub said, for whoever reads a failure (its own process: not in this test's output).
    if (hub) {
      const log = join(tmpdir(), `timbre-presta-hub-${PORT}.log`);
      writeFileSync(log, hub.output());
      console.log(`[prestashop hub e2e] the hub's output: ${log}`);
    }
    await hub?.stop();
    await stopShop(shop);
    console.log("[prestashop hub e2e] timings (ms):", JSON.stringify(timings));
  });

  it("a store created with the CLI and the three keys set in the module: the shop's carriers become the store's shipping methods", async () => {
    const created = await hub.cli<{ id: string; apiKey: string; secret: string }>(
      "store",
      "create",
      "--platform",
      "prestashop",
      "--name",
      "Tienda Presta",
      "--url",
      shop.PS_URL,
      "--webservice-key",
      shop.PS_WS_KEY,
    );
    storeId = created.id;
    expect(created.apiKey).toBeTruthy();
    expect(created.secret).toBeTruthy();
    await configureModule(shop, hub.url, created.apiKey, created.secret);
    // The install queued the carriers; with the keys set, the next cron run delivers them.
    const t = Date.now();
    await runModuleCron();
    const methods = await eventually("the carriers as shipping methods", 60_000, async () => {
      const rows = await hub.cli<Array<{ method: string; mode: string }>>("courier", "methods", "--store", storeId);
      return rows.some((m) => m.method === "My carrier") ? rows : undefined;
    });
    timings.carriersToHub = Date.now() - t;
    expect(methods).toContainEqual(expect.objectContaining({ method: "My carrier", mode: "carrier" }));
    expect(await sql(shop, "SELECT COUNT(*) FROM ps_timbre_event WHERE sent_at IS NULL")).toEqual([["0"]]);

    // The hub's side of the catalog: the article, a warehouse with stock, feeding this store.
    await hub.cli("warehouse", "create", "--code", "BOD", "--name", "Bodega central", "--default");
    await hub.cli(
      "product",
      "upsert",
      "--sku",
      SKU,
      "--name",
      "Polera blanca S",
      "--price",
      "19990",
      "--store",
      storeId,
      "--sell-online",
      "yes",
    );
    await hub.cli("stock", "move", "--sku", SKU, "--kind", "in", "--quantity", "10", "--warehouse", "BOD");
    await hub.cli("store", "warehouses", storeId, "BOD");
    const sync = await hub.cli<{ matched?: number }>("sync", "run", "--store", storeId);
    expect(sync).toBeDefined();
    await eventually("the hub's stock in the shop", 60_000, async () =>
      (await shopQuantity()) === (await hubAvailable()) ? true : undefined,
    );
  });

  it("a guest order placed through the webservice and moved to Pago aceptado: one boleta in `timbre orders show`, and the guest under a code of its own", async () => {
    const t = Date.now();
    orderId = await placeGuestOrder(shop, ws, email);
    await ws.post("order_histories", xmlResource("order_history", { id_order: orderId, id_order_state: 2 }));
    const order = await eventually("the boleta", 120_000, async () => {
      const o = await showOrder();
      return o.documents.length > 0 ? o : undefined;
    });
    timings.paidToBoleta = Date.now() - t;
    expect(order.status).toBe("paid");
    expect(order.documents).toHaveLength(1);
    expect(order.documents[0]).toMatchObject({ type: 39 });
    const totalPaid = (await reader.order(orderId))!.total_paid_tax_incl;
    expect(order.documents[0]!.total).toBe(Math.round(totalPaid));

    const codes = await hub.cli<{ guestPrefix: string; accountPrefix: string }>("customer", "codes");
    const guests = await hub.cli<Array<{ code: string; guest: boolean; email: string; rut: string | null }>>(
      "customer",
      "list",
      "--guests",
      "--search",
      email,
    );
    expect(guests).toHaveLength(1);
    expect(guests[0]).toMatchObject({ guest: true, email, rut: "12345678-5" });
    expect(guests[0]!.code.startsWith(codes.guestPrefix)).toBe(true);
    expect(guests[0]!.code.startsWith(codes.accountPrefix)).toBe(false);
    // Told again (a second state change of the same order): still one boleta.
    await ws.post("order_histories", xmlResource("order_history", { id_order: orderId, id_order_state: 3 }));
    await new Promise((r) => setTimeout(r, 5_000));
    expect((await showOrder()).documents.filter((d) => d.type === 39)).toHaveLength(1);
  });

  /** The merchant logged in to the back office (admin@example.test, setup-presta.sh's default). */
  async function backOffice(): Promise<Page> {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium`);
    browser ??= await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
    const page = await browser.newPage();
    await page.goto(`${shop.PS_URL}/admin-test/index.php?controller=AdminLogin`);
    await page.fill("#email", "admin@example.test");
    await page.fill("#passwd", "Admin-password-123");
    await page.click("#submit_login");
    await page.waitForURL(/controller=AdminDashboard/, { timeout: 120_000 });
    return page;
  }

  it("the module's configuration page runs the shared admin app against the hub: the order with its boleta under Pedidos, the PDF through the shop", async () => {
    const { documents } = await showOrder();
    const boleta = documents.find((d) => d.type === 39)!;
    const page = await backOffice();
    // The "Timbre" tab under Orders, as the merchant clicks it (its link carries the back office's token).
    const tab = await page.locator('a[href*="controller=AdminTimbre"]').first().getAttribute("href");
    await page.goto(new URL(tab!, page.url()).href);
    await page.waitForURL(/configure=timbre/);
    await page.locator("#timbre-admin").getByRole("tab", { name: "Pedidos" }).click();
    const doc = page.locator("#timbre-admin .timbre-doc", {
      hasText: `Boleta electrónica N° ${boleta.folio.toLocaleString("es-CL")}`,
    });
    await doc.waitFor({ timeout: 60_000 });
    const href = await doc.getByRole("link", { name: "Ver PDF" }).getAttribute("href");
    const pdf = await page.request.get(new URL(href!, page.url()).href);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    await page.close();
  });

  it("the buyer's order page (guest tracking) shows the boleta with its PDF link", async () => {
    const { documents } = await showOrder();
    const boleta = documents.find((d) => d.type === 39)!;
    const reference = (await reader.order(orderId))!.reference;
    browser ??= await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
    const page = await browser.newPage();
    // The guest-tracking link PrestaShop gives a guest buyer (friendly URLs on: /guest-tracking?…).
    const link = await shopPhp(
      shop,
      `echo Context::getContext()->link->getPageLink('guest-tracking', null, null, ['order_reference' => '${reference}', 'email' => '${email}']);`,
    );
    await page.goto(link.trim());
    const section = page.locator("#timbre-documents");
    await section.waitFor({ timeout: 60_000 });
    expect(await section.textContent()).toContain(`Boleta electrónica N° ${boleta.folio.toLocaleString("es-CL")}`);
    // The link's words follow the shop's language (the demo shop is English: "View PDF").
    const href = await section.locator('a[href*="/api/v1/documents/"]').first().getAttribute("href");
    expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/documents\/[0-9a-f-]{36}\.pdf\?t=/);
    // The buyer has no hub account: the link itself is the permission.
    const pdf = await fetch(href!);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toContain("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    await page.close();
  });

  it("stock of the combination moved in the hub changes its stock_availables quantity", async () => {
    const before = await eventually("the shop in step with the hub after the sale", 60_000, async () => {
      const q = await shopQuantity();
      return q === (await hubAvailable()) ? q : undefined;
    });
    const t = Date.now();
    await hub.cli("stock", "move", "--sku", SKU, "--kind", "in", "--quantity", "5", "--warehouse", "BOD");
    await eventually("the new quantity in stock_availables", 60_000, async () =>
      (await shopQuantity()) === before + 5 ? true : undefined,
    );
    timings.stockToShop = Date.now() - t;
    expect(await hubAvailable()).toBe(before + 5);
  });

  it("shipped through the hub with a tracking number: tracking on the order carrier and Enviado, then Entregado on delivery", async () => {
    const config = await reader.config();
    const delivery = await eventually("the order's delivery", 60_000, async () =>
      (await hub.cli<DeliveryJson[]>("courier", "deliveries")).find((d) => d.order.externalId === orderId),
    );
    expect(delivery.mode).toBe("carrier");
    const t = Date.now();
    await hub.cli(
      "courier",
      "deliveries",
      "ship",
      delivery.code,
      "--tracking",
      "STK-PS-4711",
      "--carrier",
      "My carrier",
    );
    await eventually("the tracking on the order carrier and Enviado", 60_000, async () => {
      const tracking = await sql(shop, `SELECT tracking_number FROM ps_order_carrier WHERE id_order = ${orderId}`);
      const state = (await reader.order(orderId))!.current_state;
      return tracking[0]?.[0] === "STK-PS-4711" && state === config.states.shipped ? true : undefined;
    });
    timings.shipToShop = Date.now() - t;
    await hub.cli("courier", "deliveries", "deliver", delivery.code, "--receiver", "Ana Invitada");
    await eventually("Entregado", 60_000, async () =>
      (await reader.order(orderId))!.current_state === config.states.delivered ? true : undefined,
    );
  });

  it("an order slip (partial refund) in the shop: one nota de crédito", async () => {
    const t = Date.now();
    await createOrderSlip(shop, orderId);
    const order = await eventually("the nota de crédito", 120_000, async () => {
      const o = await showOrder();
      return o.documents.some((d) => d.type === 61) ? o : undefined;
    });
    timings.slipToCreditNote = Date.now() - t;
    expect(order.documents.filter((d) => d.type === 61)).toHaveLength(1);
    expect(order.documents.filter((d) => d.type === 39)).toHaveLength(1);
  });
});
