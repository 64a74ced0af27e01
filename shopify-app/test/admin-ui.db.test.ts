import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestCaf, createTestCertificate, type CafAuthority } from "../../core/src/testing/certs.js";
import { signSessionToken } from "../src/testing/session-token.js";
import { startServer, timbre, type RunningServer } from "./start-server.js";

/**
 * The embedded admin in a real browser: `npm start` (demo, Shopify keys set) serves /app/*; the page
 * is opened the way Shopify opens it (embedded=1, shop, host, id_token) and App Bridge is faked only
 * at its boundary: the CDN script is replaced by a stub `shopify` global that hands out session
 * tokens (signed like Shopify's) and adds them to the app's own fetches, as App Bridge does. The
 * first visit makes the app exchange the token with the Shopify emulator. Then the merchant walks
 * the onboarding: company, PFX with password, CAF, environment.
 */
const KEY = "admin-ui-key";
const SECRET = "admin-ui-secret";
const SHOP = "ferreteria-andes.myshopify.com";
const RUT = "77.123.456-9"; // a new company, not the demo's
const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(import.meta.dirname, "../test-artifacts/admin-ui");
// The Shopify library answers 410 to bots: send a browser's user agent.
const DESKTOP_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

const token = () => signSessionToken({ apiKey: KEY, apiSecret: SECRET, shop: SHOP, ttlSeconds: 3600 });
const host = Buffer.from(`admin.shopify.com/store/${SHOP.split(".")[0]}`).toString("base64url");

/** What replaces https://cdn.shopify.com/shopifycloud/app-bridge.js in the browser. */
function appBridgeStub(sessionToken: string): string {
  return `(() => {
    const token = ${JSON.stringify(sessionToken)};
    window.__appBridgeFetches = 0;
    window.shopify = {
      config: { apiKey: ${JSON.stringify(KEY)}, shop: ${JSON.stringify(SHOP)}, locale: "es" },
      idToken: async () => token,
      toast: { show() {} },
      loading() {},
      environment: { embedded: true, mobile: false, pos: false },
    };
    const original = window.fetch.bind(window);
    window.fetch = (input, init = {}) => {
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, location.href);
      if (url.origin === location.origin) {
        const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
        headers.set("Authorization", "Bearer " + token);
        init = { ...init, headers };
        window.__appBridgeFetches++;
      }
      return original(input, init);
    };
  })();`;
}

/** Pages settle at their own pace on a busy 2-CPU machine: poll up to 15 s unless told otherwise. */
const poll = <T>(read: () => T | Promise<T>, options: { timeout?: number } = {}) =>
  expect.poll(read, { timeout: 15_000, ...options });

async function until<T>(
  what: string,
  read: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("embedded admin (Polaris) in Chromium: onboarding walk", () => {
  let hub: RunningServer;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const open = async (path: string) => {
    const sep = path.includes("?") ? "&" : "?";
    await page.goto(`${hub.url}${path}${sep}embedded=1&shop=${SHOP}&host=${host}&locale=es-CL&id_token=${token()}`);
  };
  const banner = () => page.locator(".Polaris-Banner").first();

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium`);
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
    // Nothing leaves the machine: Shopify's CDN is App Bridge (stubbed) and fonts (empty); all else is refused.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, async (route) => {
      const url = route.request().url();
      if (url.startsWith("https://cdn.shopify.com/shopifycloud/app-bridge.js")) {
        await route.fulfill({ status: 200, contentType: "application/javascript", body: appBridgeStub(token()) });
      } else if (url.startsWith("https://cdn.shopify.com/")) {
        await route.fulfill({
          status: 200,
          contentType: url.endsWith(".css") ? "text/css" : "application/octet-stream",
          body: "",
        });
      } else {
        await route.abort();
      }
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it("a shop that never set Timbre up is welcomed and sent to onboarding", async () => {
    await open("/app");
    await poll(() => page.locator("text=Bienvenido a Timbre").count()).toBe(1);
    await shot("01-bienvenida");
    // The first embedded load made the app exchange the session token with the Shopify emulator.
    const emulatorUrl = /Emulador de Shopify \(tienda demo \S+\) en (http:\/\/\S+?);/.exec(hub.output())?.[1];
    expect(emulatorUrl, hub.output()).toBeDefined();
    const state = (await (await fetch(`${emulatorUrl}/_state`)).json()) as {
      tokenRequests: Array<{ grantType: string; shop: string }>;
    };
    expect(state.tokenRequests).toContainEqual({
      grantType: "urn:ietf:params:oauth:grant-type:token-exchange",
      shop: SHOP,
    });
  });

  it("registers the company: a wrong check digit is explained, the right RUT connects the shop", async () => {
    await open("/app/onboarding");
    await poll(() => page.getByRole("heading", { name: "Configuración inicial" }).count()).toBe(1);
    const form = page.locator("#company-form");
    await form.getByLabel("RUT").fill("77.123.456-0");
    await form.getByLabel("Razón social").fill("Ferretería Los Andes SpA");
    await form.getByLabel("Giro", { exact: true }).fill("Venta al por menor de artículos de ferretería");
    await form.getByLabel("Códigos de actividad (Acteco)").fill("475200");
    await form.getByLabel("Dirección").fill("Av. Apoquindo 4501");
    await form.getByLabel("Comuna").fill("Las Condes");
    await form.getByLabel("Ciudad").fill("Santiago");
    await form.getByLabel("Correo de la empresa").fill("facturas@andes.cl");
    await form.getByRole("button", { name: "Guardar empresa" }).click();
    await poll(() => banner().textContent(), { timeout: 15_000 }).toContain("dígito verificador");
    await shot("02-rut-invalido");

    await form.getByLabel("RUT").fill(RUT);
    await form.getByRole("button", { name: "Guardar empresa" }).click();
    await poll(() => banner().textContent(), { timeout: 15_000 }).toContain(
      "Empresa Ferretería Los Andes SpA (77123456-9) guardada.",
    );
    // Requests after the first load carried the session token the way App Bridge adds it.
    expect(
      await page.evaluate(() => (window as unknown as { __appBridgeFetches: number }).__appBridgeFetches),
    ).toBeGreaterThan(0);
    const stores = JSON.parse(timbre(["store", "list", "--json"], hub)) as Array<{
      platform: string;
      shopDomain: string | null;
    }>;
    expect(stores).toContainEqual(expect.objectContaining({ platform: "shopify", shopDomain: SHOP }));
  });

  it("uploads the certificate: a wrong password is refused, the right one is stored", async () => {
    const cert = createTestCertificate({ rut: "12345678-5", name: "JUANA PEREZ", password: "clave-secreta" });
    const form = page.locator("#certificate-form");
    await form
      .locator('input[type="file"][name="pfx"]')
      .setInputFiles({ name: "firma.pfx", mimeType: "application/x-pkcs12", buffer: cert.pfx });
    await form.getByLabel("Contraseña del certificado").fill("otra-clave");
    await form.getByRole("button", { name: "Cargar certificado" }).click();
    await poll(() => banner().textContent(), { timeout: 15_000 }).toContain(
      "La contraseña del certificado no es correcta.",
    );
    await shot("03-clave-incorrecta");

    await form
      .locator('input[type="file"][name="pfx"]')
      .setInputFiles({ name: "firma.pfx", mimeType: "application/x-pkcs12", buffer: cert.pfx });
    await form.getByLabel("Contraseña del certificado").fill("clave-secreta");
    await form.getByRole("button", { name: "Cargar certificado" }).click();
    await poll(() => banner().textContent(), { timeout: 15_000 }).toContain("Certificado de");
    await poll(() => page.locator("#certificate-form").textContent()).toContain("JUANA PEREZ");
  });

  it("uploads a CAF: one for another company is refused with the reason, the right one gives folios", async () => {
    // The demo's test CAF authority stands in for the SII's key (certification environment).
    const authority = JSON.parse(readFileSync(join(hub.dataDir, "demo", "caf-authority.json"), "utf8")) as CafAuthority;
    const today = new Date().toISOString().slice(0, 10);
    const form = page.locator("#caf-form");
    const foreign = createTestCaf({ rut: "76192083-9", type: 39, from: 1, to: 50, authorizedOn: today, authority });
    await form
      .locator('input[type="file"][name="caf"]')
      .setInputFiles({ name: "caf-otra.xml", mimeType: "text/xml", buffer: Buffer.from(foreign.xml, "latin1") });
    await form.getByRole("button", { name: "Cargar CAF" }).click();
    await poll(() => banner().textContent(), { timeout: 15_000 }).toContain("76192083-9");
    await shot("04-caf-de-otra-empresa");

    const caf = createTestCaf({ rut: "77123456-9", type: 39, from: 1, to: 50, authorizedOn: today, authority });
    await form
      .locator('input[type="file"][name="caf"]')
      .setInputFiles({ name: "caf-boletas.xml", mimeType: "text/xml", buffer: Buffer.from(caf.xml, "latin1") });
    await form.getByRole("button", { name: "Cargar CAF" }).click();
    await poll(() => banner().textContent(), { timeout: 15_000 }).toContain("CAF cargado: folios 1 a 50 de boleta.");
    await poll(() => page.locator("#caf-form").textContent()).toContain("Boleta: 1–50");
    await shot("05-caf-cargado");
  });

  it("chooses certification, and every step shows done", async () => {
    const form = page.locator("#environment-form");
    await form.getByLabel("Certificación (pruebas con el SII, sin validez tributaria)").check();
    await form.getByRole("button", { name: "Guardar ambiente" }).click();
    await poll(() => banner().textContent(), { timeout: 15_000 }).toContain("ambiente de certificación");
    await until("four done steps", async () =>
      (await page.locator(".Polaris-Badge", { hasText: "Listo" }).count()) === 4 ? true : undefined,
    );
    await shot("06-configuracion-completa");
  });

  it("the dashboard shows the folios left and nothing pending", async () => {
    await open("/app");
    await poll(() => page.getByRole("heading", { name: "Resumen" }).count()).toBe(1);
    const folios = page.locator(".Polaris-DataTable");
    await poll(() => folios.textContent()).toContain("Boleta");
    expect(await folios.textContent()).toContain("50");
    expect(await page.locator("#documents-today").textContent()).toBe("0");
    await shot("07-resumen");
  });

  it("settings are saved and the audit log shows the whole onboarding", async () => {
    await open("/app/settings");
    await page.getByLabel("Cuándo emitir").selectOption("delivery");
    await page.getByRole("button", { name: "Guardar", exact: true }).click();
    await poll(() => banner().textContent(), { timeout: 15_000 }).toContain("Ajustes guardados.");
    await shot("08-ajustes");

    await open("/app/audit");
    const log = page.locator("#history");
    // Every step of the onboarding, as sentences, and who did it.
    await poll(() => log.textContent()).toContain("Ajustes de la tienda guardados");
    const text = (await log.textContent()) ?? "";
    for (const sentence of [
      "Empresa registrada",
      "Tienda conectada",
      "Certificado de firma cargado: ",
      "CAF cargado: folios 1 a 50 de boleta",
    ])
      expect(text).toContain(sentence);
    expect(text).toContain("Shopify");
    expect(text).not.toMatch(/[a-z]+\.[a-z_]+/);
    await shot("09-registro");
  });

  it("orders, locations and stock pages render for the new shop (English available)", async () => {
    await open("/app/orders");
    await poll(() => page.locator("text=Aún no hay pedidos.").count()).toBe(1);
    await shot("10-pedidos");
    await open("/app/locations?lang=en");
    await poll(() => page.getByRole("heading", { name: "Locations and warehouses" }).count()).toBe(1);
    await shot("11-locations-en");
    await open("/app/stock");
    await poll(() => page.locator("text=Nunca se ha sincronizado.").count()).toBe(1);
    await shot("12-stock");
  });
});
