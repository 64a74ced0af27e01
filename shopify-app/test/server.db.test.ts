import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, timbre, type RunningServer } from "./start-server.js";

const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

describe("the hub server (npm start)", () => {
  let hub: RunningServer;
  beforeAll(async () => {
    hub = await startServer();
  });
  afterAll(() => hub?.stop());

  it("answers /healthz with the database up and its version", async () => {
    const res = await fetch(`${hub.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      database: "up",
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  it("shows a landing page that says what is running, with the demo company", async () => {
    const res = await fetch(`${hub.url}/`, { headers: { "user-agent": BROWSER_UA } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Estado del hub");
    expect(html).toContain("Comercial Demo Timbre SpA");
    expect(html).toContain("Certificación");
    expect(html).toContain("/api/v1/openapi.json");
  });

  it("hands /api/v1/* to the core's handler, which serves its OpenAPI document", async () => {
    const doc = await fetch(`${hub.url}/api/v1/openapi.json`);
    expect(doc.status).toBe(200);
    const body = (await doc.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toContain("/api/v1/openapi.json");

    const missing = await fetch(`${hub.url}/api/v1/no-such-thing`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("keeps the demo idempotent across a restart, on data the CLI sees too", async () => {
    await hub.stop({ keepData: true });
    const again = await startServer({ reuse: hub });
    try {
      expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
      // While this hub runs, the CLI borrows its database rather than opening a second copy.
      const stores = JSON.parse(timbre(["store", "list", "--json"], again)) as Array<{
        platform: string;
        shopDomain: string;
      }>;
      expect(stores.filter((s) => s.platform === "demo")).toEqual([
        expect.objectContaining({ shopDomain: "demo.timbre.local" }),
      ]);
      const company = JSON.parse(timbre(["company", "show", "--json"], again)) as { rut: string; environment: string };
      expect(company).toMatchObject({ rut: "76192083-9", environment: "certification" });
    } finally {
      await again.stop();
    }
  });
});
