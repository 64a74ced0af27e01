import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderBlock } from "./render-block.js";

/**
 * The cart block as a storefront serves it (rendered Liquid + the built asset, `npm run build`
 * first), in Chromium, against a stand-in for the theme's Ajax cart API.
 */
const CHROMIUM = "/usr/bin/chromium";

describe("cart theme block in a browser", () => {
  let server: Server;
  let url: string;
  let browser: Browser;
  let page: Page;
  const updates: Array<{ attributes: Record<string, string> }> = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium`);
    const asset = readFileSync(new URL("../assets/timbre-fiscal-fields.js", import.meta.url), "utf8");
    server = createServer((req, res) => {
      if (req.method === "POST" && req.url === "/cart/update.js") {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          updates.push(JSON.parse(body) as { attributes: Record<string, string> });
          res.writeHead(200, { "content-type": "application/json" }).end("{}");
        });
        return;
      }
      if (req.url === "/assets/timbre-fiscal-fields.js") {
        res.writeHead(200, { "content-type": "application/javascript" }).end(asset);
        return;
      }
      if (req.url?.startsWith("/checkout")) {
        res.writeHead(200, { "content-type": "text/html" }).end("<h1>checkout</h1>");
        return;
      }
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end(
          `<!doctype html><html lang="es"><body><form action="/cart" method="get" id="cart"><input type="hidden" name="checkout"><button type="submit">Pagar</button></form>` +
            `${renderBlock()}<script src="/assets/timbre-fiscal-fields.js"></script></body></html>`,
        );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
    page = await browser.newPage();
    await page.goto(url);
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  it("hides the factura fields until the buyer picks factura, then saves the choice", async () => {
    expect(await page.locator("[data-timbre-factura]").isHidden()).toBe(true);
    await page.locator('input[value="factura"]').check();
    expect(await page.locator("[data-timbre-factura]").isVisible()).toBe(true);
    await expect.poll(() => updates.at(-1)?.attributes.timbre_documento, { timeout: 10_000 }).toBe("factura");
  });

  it("formats the RUT as typed and explains a wrong check digit live", async () => {
    const rut = page.locator('[data-field="rut"]');
    await rut.pressSequentially("761920831");
    expect(await rut.inputValue()).toBe("76.192.083-1");
    const error = page.locator('[data-error-for="rut"]');
    await expect.poll(() => error.textContent(), { timeout: 10_000 }).toContain("es 9, no 1");
    expect(await rut.getAttribute("aria-invalid")).toBe("true");
    await rut.press("Backspace");
    await rut.pressSequentially("9");
    await expect.poll(() => error.isHidden(), { timeout: 10_000 }).toBe(true);
  });

  it("blocks going to checkout while the factura data is incomplete, and saves it as cart attributes", async () => {
    await page.getByRole("button", { name: "Pagar" }).click();
    expect(page.url()).toBe(`${url}/`);
    expect(await page.locator("[data-timbre-status]").textContent()).toBe(
      "Revise los datos de la factura antes de pagar.",
    );
    expect(await page.locator('[data-error-for="businessName"]').textContent()).toBe("Ingrese la razón social.");

    await page.locator('[data-field="businessName"]').fill("Comercial Demo SpA");
    await page.locator('[data-field="activity"]').fill("Venta al por menor");
    await page.locator('[data-field="activity"]').blur();
    await expect
      .poll(() => updates.at(-1)?.attributes, { timeout: 10_000 })
      .toEqual({
        timbre_documento: "factura",
        timbre_rut: "76.192.083-9",
        timbre_razon_social: "Comercial Demo SpA",
        timbre_giro: "Venta al por menor",
      });
    await page.getByRole("button", { name: "Pagar" }).click();
    await page.waitForURL(/\/cart\?checkout=/);
  });
});
