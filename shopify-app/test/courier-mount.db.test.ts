import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "./start-server.js";

const PHONE_UA =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36";

describe("the hub server mounts the courier web app at /courier", () => {
  let hub: RunningServer;
  beforeAll(async () => {
    hub = await startServer();
  });
  afterAll(() => hub?.stop());

  it("serves the page and its bundled script from the core's build", async () => {
    for (const path of ["/courier", "/courier/"]) {
      const page = await fetch(`${hub.url}${path}`, { headers: { "user-agent": PHONE_UA } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("Timbre · Repartidores");
      const src = /src="(\/courier\/app\.js\?v=[0-9a-f]{12})"/.exec(html)?.[1];
      expect(src).toBeDefined();
      const js = await fetch(`${hub.url}${src}`);
      expect(js.status).toBe(200);
      expect(js.headers.get("content-type")).toContain("javascript");
      expect(await js.text()).toContain("/courier/api");
    }
  });

  it("hands /courier/api/* to the core, cookie-authenticated", async () => {
    const agenda = await fetch(`${hub.url}/courier/api/agenda`);
    expect(agenda.status).toBe(401);
    expect(await agenda.json()).toMatchObject({ error: { code: "unauthorized" } });
    const pin = await fetch(`${hub.url}/courier/api/session/pin`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-timbre-courier": "1" },
      body: JSON.stringify({ phone: "+56900000000", pin: "0000" }),
    });
    expect(pin.status).toBe(401);
  });
});
