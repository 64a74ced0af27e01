import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSessionToken } from "../src/testing/session-token.js";
import { sendWebhook } from "../src/testing/webhook-sender.js";
import { startServer, timbre, type RunningServer } from "./start-server.js";

/**
 * The demo shop after a paid order: the embedded orders pages in Chromium (document, PDF link,
 * nota de crédito from the admin) and the endpoints the buyer-facing extensions call (document
 * state and the factura request, with a checkout session token and CORS).
 */
const KEY = "admin-orders-key";
const SECRET = "admin-orders-secret";
const SHOP = "timbre-demo.myshopify.com";
const ORDER_ID = "820982911946154508";
const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(import.meta.dirname, "../test-artifacts/admin-orders");
const DESKTOP_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

const token = () => signSessionToken({ apiKey: KEY, apiSecret: SECRET, shop: SHOP, ttlSeconds: 3600 });
const host = Buffer.from(`admin.shopify.com/store/${SHOP.split(".")[0]}`).toString("base64url");
const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../src/testing/fixtures", name), "utf8");

function paidOrderBody(): string {
  const { order } = JSON.parse(fixture("rest-2026-07-order.json")) as { order: Record<string, unknown> };
  const body = {
    ...order,
    id: 1,
    admin_graphql_api_id: `gid://shopify/Order/${ORDER_ID}`,
    financial_status: "paid",
    refunds: [],
    updated_at: new Date().toISOString(),
  };
  return JSON.stringify(body).replace('"id":1,', `"id":${ORDER_ID},`);
}

/** Extension requests come from the buyer's browser (the library answers 410 to bot user agents). */
const browserFetch = (url: string, init: RequestInit = {}) =>
  fetch(url, { ...init, headers: { "user-agent": DESKTOP_UA, ...(init.headers as Record<string, string>) } });

/** Pages settle at their own pace on a busy 2-CPU machine: poll up to 15 s unless told otherwise. */
const poll = <T>(read: () => T | Promise<T>, options: { timeout?: number } = {}) =>
  expect.poll(read, { timeout: 15_000, ...options });

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("orders and documents in the embedded admin, and the extension endpoints", () => {
  let hub: RunningServer;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const open = (path: string) =>
    page.goto(
      `${hub.url}${path}${path.includes("?") ? "&" : "?"}embedded=1&shop=${SHOP}&host=${host}&id_token=${token()}`,
    );
  const documentState = () =>
    browserFetch(`${hub.url}/extensions/order-document?order=gid%3A%2F%2Fshopify%2FOrder%2F${ORDER_ID}`, {
      headers: { authorization: `Bearer ${token()}`, origin: "https://extensions.shopifycdn.com" },
    });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    hub = await startServer({ env: { SHOPIFY_API_KEY: KEY, SHOPIFY_API_SECRET: SECRET } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      userAgent: DESKTOP_UA,
      locale: "es-CL",
    });
    const stub = `window.shopify={idToken:async()=>${JSON.stringify(token())},toast:{show(){}},loading(){}};const f=window.fetch.bind(window);window.fetch=(i,o={})=>{const u=new URL(typeof i==="string"?i:i instanceof URL?i.href:i.url,location.href);if(u.origin===location.origin){const h=new Headers(o.headers||(i instanceof Request?i.headers:undefined));h.set("Authorization","Bearer "+${JSON.stringify(token())});o={...o,headers:h};}return f(i,o);};`;
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) =>
      route.request().url().startsWith("https://cdn.shopify.com/shopifycloud/app-bridge.js")
        ? route.fulfill({ status: 200, contentType: "application/javascript", body: stub })
        : route.request().url().startsWith("https://cdn.shopify.com/")
          ? route.fulfill({ status: 200, body: "" })
          : route.abort(),
    );
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it("before the order arrives, the thank-you endpoint says nothing is issued yet and a factura can still be asked", async () => {
    const preflight = await browserFetch(`${hub.url}/extensions/factura-request`, {
      method: "OPTIONS",
      headers: {
        origin: "https://extensions.shopifycdn.com",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get("access-control-allow-origin")).toBeTruthy();
    const res = await documentState();
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeTruthy();
    expect(await res.json()).toEqual({ metafields: [], canRequestFactura: true });
    const forged = await browserFetch(`${hub.url}/extensions/order-document?order=${ORDER_ID}`, {
      headers: { authorization: `Bearer ${signSessionToken({ apiKey: KEY, apiSecret: "wrong", shop: SHOP })}` },
    });
    expect(forged.status).toBeGreaterThanOrEqual(400);
  });

  it("the factura request validates the RUT on the server", async () => {
    const post = (body: unknown) =>
      browserFetch(`${hub.url}/extensions/factura-request`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token()}`,
          "content-type": "application/json",
          origin: "https://extensions.shopifycdn.com",
        },
        body: JSON.stringify(body),
      });
    const bad = await post({
      orderId: `gid://shopify/Order/${ORDER_ID}`,
      rut: "76.354.771-1",
      businessName: "Sur Ltda.",
      activity: "Repuestos",
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("dígito verificador");
    const unknown = await post({
      orderId: "gid://shopify/Order/1",
      rut: "76.354.771-K",
      businessName: "Sur Ltda.",
      activity: "Repuestos",
    });
    expect(unknown.status).toBe(404);
  });

  it("a paid order shows in the admin with its boleta and PDF; the thank-you endpoint shows the same document", async () => {
    const sent = await sendWebhook({
      url: `${hub.url}/webhooks/shopify`,
      secret: SECRET,
      topic: "orders/paid",
      shop: SHOP,
      body: paidOrderBody(),
      eventId: "evt-admin-1",
    });
    expect(sent.status).toBe(200);
    const state = await until("the boleta for the thank-you block", async () => {
      const body = (await (await documentState()).json()) as {
        metafields: Array<{ key: string; value: string }>;
        canRequestFactura: boolean;
      };
      return body.metafields.length > 0 ? body : undefined;
    });
    const byKey = Object.fromEntries(state.metafields.map((m) => [m.key, m.value]));
    expect(byKey.tipo_dte).toBe("39");
    expect(Number(byKey.folio)).toBeGreaterThan(0);
    expect(byKey.pdf_url).toMatch(/\/api\/v1\/documents\/[0-9a-f-]+\.pdf\?t=/);
    // A boleta can still become a factura: the block offers it.
    expect(state.canRequestFactura).toBe(true);

    await open("/app/orders");
    const row = page.locator(".Polaris-IndexTable__TableRow", { hasText: "Boleta" });
    await poll(() => row.count()).toBe(1);
    await shot("01-pedidos");
    await row.getByRole("link").click();
    await poll(() => page.locator("text=Nota de crédito").count()).toBeGreaterThan(0);
    const pdfHref = await page.getByRole("link", { name: "PDF" }).getAttribute("href");
    expect(pdfHref).toMatch(/\?t=/);
    const pdf = await fetch(new URL(pdfHref!, hub.url));
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    await shot("02-pedido-con-boleta");
  });

  it(
    "after a boleta the buyer's factura request annuls it with a nota de crédito and issues the factura",
    { timeout: 90_000 },
    async () => {
      const res = await browserFetch(`${hub.url}/extensions/factura-request`, {
        method: "POST",
        headers: { authorization: `Bearer ${token()}`, "content-type": "application/json" },
        body: JSON.stringify({
          orderId: `gid://shopify/Order/${ORDER_ID}`,
          rut: "76.354.771-K",
          businessName: "Sur Ltda.",
          activity: "Repuestos",
          address: "Av. Matta 123",
          commune: "Santiago",
        }),
      });
      expect(res.status).toBe(202);
      expect(((await res.json()) as { message: { es: string } }).message.es).toContain("nota de crédito");
      const storeId = (
        JSON.parse(timbre(["store", "list", "--json"], hub)) as Array<{ id: string; platform: string }>
      ).find((s) => s.platform === "shopify")!.id;
      const docs = await until("the nota de crédito and the factura", async () => {
        const view = JSON.parse(timbre(["orders", "show", ORDER_ID, "--store", storeId, "--json"], hub)) as {
          documents: Array<{ id: string; kind: string; type: number; referencesId: string | null }>;
        };
        const d = view.documents;
        return d.some((x) => x.type === 33) && d.some((x) => x.type === 61) ? d : undefined;
      });
      const boleta = docs.find((d) => d.type === 39)!;
      expect(docs.map((d) => d.type)).toEqual([39, 61, 33]);
      expect(docs.find((d) => d.type === 61)!.referencesId).toBe(boleta.id);
      // Once is enough: the block no longer offers it, and asking again changes nothing.
      const again = (await (await documentState()).json()) as {
        canRequestFactura: boolean;
        metafields: Array<{ key: string; value: string }>;
      };
      expect(again.canRequestFactura).toBe(false);
      expect(Object.fromEntries(again.metafields.map((m) => [m.key, m.value])).tipo_dte).toBe("33");
    },
  );

  it("the merchant issues a nota de crédito from the order page", { timeout: 90_000 }, async () => {
    await open(`/app/orders/${ORDER_ID}`);
    await poll(() => page.locator("text=El comprador pidió factura después de emitida la boleta").count()).toBe(1);
    expect(await page.locator(".Polaris-Banner").first().textContent()).toContain("76354771-K");
    await page.getByLabel("Motivo").fill("Cliente devolvió todo");
    await page.getByRole("button", { name: "Emitir nota de crédito" }).click();
    await poll(() => page.locator(".Polaris-Banner").first().textContent(), { timeout: 15_000 }).toContain(
      "Se emitirá la nota de crédito.",
    );
    await until("the nota de crédito on the page", async () => {
      // A full reload is a new embedded load: Shopify would pass shop, host and id_token again.
      await open(`/app/orders/${ORDER_ID}`);
      return (await page.locator("text=/Nota de crédito electrónica N° \\d+/").count()) > 0 ? true : undefined;
    });
    await shot("03-nota-de-credito");
    expect(await page.locator("#history").textContent()).toContain("El comprador pidió factura después de la boleta");
    await open("/app");
    // Boleta, its annulling nota de crédito, the factura and the merchant's nota de crédito.
    await poll(() => page.locator("#documents-today").textContent()).toBe("4");
    await shot("04-resumen");
  });

  it(
    "maps the Shopify location to a warehouse, then a stock sync runs with visible progress",
    { timeout: 120_000 },
    async () => {
      timbre(["warehouse", "create", "--code", "SCL", "--name", "Bodega Central", "--default"], hub);
      await open("/app/locations");
      const select = page.getByLabel("Bodega para Bodega Santiago");
      await select.selectOption({ label: "Bodega Central (SCL)" });
      await page.getByLabel("Ubicación donde Timbre publica el stock").selectOption({ label: "Bodega Santiago" });
      await page.getByRole("button", { name: "Guardar" }).click();
      await poll(() => page.locator(".Polaris-Banner").first().textContent(), { timeout: 15_000 }).toContain(
        "Ubicaciones y bodegas guardadas",
      );
      const warehouses = JSON.parse(timbre(["warehouse", "list", "--json"], hub)) as Array<{
        code: string;
        stores: Array<{ name: string }>;
      }>;
      expect(warehouses.find((w) => w.code === "SCL")!.stores.length).toBe(1);
      await shot("05-bodegas");

      await open("/app/stock");
      await page.getByRole("button", { name: "Sincronizar ahora" }).click();
      await poll(() => page.locator(".Polaris-ProgressBar").count(), { timeout: 15_000 }).toBe(1);
      // The page follows the run by itself (it polls while the sync runs) until it ends.
      await poll(() => page.locator(".Polaris-Badge").first().textContent(), { timeout: 60_000 }).toMatch(
        /Terminada|Falló/,
      );
      expect(await page.locator(".Polaris-Badge").first().textContent()).toContain("Terminada");
      expect(await page.locator("text=/Productos en Shopify: \\d+/").count()).toBe(1);
      await shot("06-stock-sincronizado");
    },
  );
});
