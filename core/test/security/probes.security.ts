import { request as httpRequest } from "node:http";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signBody, signRequest } from "../../src/hub/api/store-auth.js";
import { createLogger } from "../../src/hub/logging/logger.js";
import { courier } from "../couriers/support/seed.js";
import { order, startSecurityHub, type SecurityHub } from "./harness.js";

/** Sends a body the raw way, declaring `declared` bytes but writing only `send`, and reads the answer. */
function rawPost(url: string, path: string, declared: number | "chunked", send: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = httpRequest(
      {
        host: u.hostname,
        port: u.port,
        path,
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(declared === "chunked" ? { "transfer-encoding": "chunked" } : { "content-length": String(declared) }),
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", (e: NodeJS.ErrnoException) =>
      e.code === "ECONNRESET" || e.code === "EPIPE" ? undefined : reject(e),
    );
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < send) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (declared === "chunked") req.end();
    };
    pump();
  });
}

describe("security probes against the hub's router", () => {
  let s: SecurityHub;
  beforeAll(async () => {
    s = await startSecurityHub();
    expect((await s.call("POST", "/api/v1/orders", JSON.stringify(order("A-1")))).status).toBe(202);
  }, 120_000);
  afterAll(() => s?.close());

  describe("authentication and tenants", () => {
    it("refuses a call without key, with an unknown key, or with a wrong signature", async () => {
      expect((await fetch(`${s.url}/api/v1/orders/A-1`)).status).toBe(401);
      expect(
        (await fetch(`${s.url}/api/v1/orders/A-1`, { headers: { authorization: "Bearer tmb_nope" } })).status,
      ).toBe(401);
      const body = JSON.stringify(order("A-2"));
      const bad = await s.call("POST", "/api/v1/orders", body, s.a, { "x-timbre-signature": "AAAA" });
      expect(bad.status).toBe(401);
    });

    it("never shows one tenant's order to another", async () => {
      expect((await s.call("GET", "/api/v1/orders/A-1", undefined, s.b)).status).toBe(404);
      const mine = await s.call("GET", "/api/v1/orders/A-1", undefined, s.a);
      expect(mine.status).toBe(200);
    });

    it("refuses a signature moved to another order's URL, another method, or replayed after the window", async () => {
      const body = JSON.stringify({ document: "boleta" });
      const signed = signRequest(s.a.secret, { method: "POST", target: "/api/v1/orders/A-1/document", body });
      const moved = await fetch(`${s.url}/api/v1/orders/A-2/document`, {
        method: "POST",
        headers: { authorization: `Bearer ${s.a.apiKey}`, ...signed },
        body,
      });
      expect(moved.status).toBe(401);
      // An empty body's signature is no longer a constant that opens every empty-bodied write.
      const emptyA = signRequest(s.a.secret, { method: "POST", target: "/api/v1/orders/A-1/issue", body: "" });
      const emptyB = await fetch(`${s.url}/api/v1/orders/A-2/issue`, {
        method: "POST",
        headers: { authorization: `Bearer ${s.a.apiKey}`, ...emptyA },
      });
      expect(emptyB.status).toBe(401);
      const stale = signRequest(s.a.secret, {
        method: "POST",
        target: "/api/v1/orders",
        body: JSON.stringify(order("A-3")),
        timestamp: Math.floor(Date.now() / 1000) - 3600,
      });
      const replayed = await fetch(`${s.url}/api/v1/orders`, {
        method: "POST",
        headers: { authorization: `Bearer ${s.a.apiKey}`, ...stale },
        body: JSON.stringify(order("A-3")),
      });
      expect(replayed.status).toBe(401);
      expect(((await replayed.json()) as { error: { message: string } }).error.message).toMatch(/X-Timbre-Timestamp/);
    });

    it("accepts the deprecated body-only signature until the store turns it off", async () => {
      const body = JSON.stringify(order("A-4"));
      const legacy = () =>
        fetch(`${s.url}/api/v1/orders`, {
          method: "POST",
          headers: { authorization: `Bearer ${s.b.apiKey}`, "x-timbre-signature": signBody(s.b.secret, body) },
          body,
        });
      expect((await legacy()).status).toBe(202);
      const off = await s.call("PUT", "/api/v1/signatures", JSON.stringify({ legacy: false }), s.b);
      expect(await off.json()).toMatchObject({ legacy: false });
      expect((await legacy()).status).toBe(401);
    });
  });

  describe("sizes", () => {
    it("answers 413 to a 600 MB body before reading it, signed or not, on every body-reading route", async () => {
      const before = process.memoryUsage().rss;
      for (const path of ["/api/v1/orders", "/webhooks/test", "/courier/api/session/pin", "/app/settings"]) {
        expect(await rawPost(s.url, path, 600 * 1024 * 1024, 1024 * 1024), path).toBe(413);
      }
      expect(await rawPost(s.url, "/api/v1/orders", "chunked", 3 * 1024 * 1024)).toBe(413);
      expect(await rawPost(s.url, "/webhooks/test", "chunked", 3 * 1024 * 1024)).toBe(413);
      expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    }, 60_000);
  });

  describe("text and depth", () => {
    it("answers 400 naming the field for NUL or a lone surrogate, and for 100,000-deep JSON", async () => {
      const nul = await s.call("POST", "/api/v1/orders", JSON.stringify(order("N-1", { number: "a\u0000b" })));
      expect(nul.status).toBe(400);
      expect(await nul.json()).toMatchObject({ error: { fields: [{ field: "number" }] } });
      const lone = await s.call("POST", "/api/v1/orders", JSON.stringify(order("N-2")).replace("Café", "Caf\\ud800"));
      expect(lone.status).toBe(400);
      expect(await lone.json()).toMatchObject({ error: { fields: [{ field: "lines.0.name" }] } });
      const deep = "[".repeat(100_000) + "]".repeat(100_000);
      expect((await s.call("POST", "/api/v1/orders", deep)).status).toBe(400);
      expect(
        (
          await fetch(`${s.url}/webhooks/test`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: deep,
          })
        ).status,
      ).toBe(400);
    });

    it("stores a platform's NUL and lone surrogates cleaned, never answering 500", async () => {
      const res = await fetch(`${s.url}/webhooks/test`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"note":"a\\u0000b\\ud800c"}',
      });
      expect(res.status).toBe(200);
      const rows = await s.hub.db.$queryRaw<Array<{ note: string }>>`
        SELECT payload->>'note' AS note FROM "InboxEvent" WHERE platform = 'test' ORDER BY id DESC LIMIT 1`;
      expect(rows[0]!.note).toBe("ab\ufffdc");
    });

    it("refuses amounts and quantities no document can hold, with 400", async () => {
      const price = await s.call(
        "POST",
        "/api/v1/orders",
        JSON.stringify(order("M-1", { lines: [{ externalId: "l", name: "x", quantity: 1, unitPrice: 3e9 }] })),
      );
      expect(price.status).toBe(400);
      const qty = await s.call(
        "POST",
        "/api/v1/orders",
        JSON.stringify(order("M-2", { lines: [{ externalId: "l", name: "x", quantity: 1e-9, unitPrice: 100 }] })),
      );
      expect(qty.status).toBe(400);
      const fields = ((await qty.json()) as { error: { fields: Array<{ field: string }> } }).error.fields;
      expect(fields.map((f) => f.field)).toContain("lines.0.quantity");
    });
  });

  describe("courier PIN", () => {
    it("does not give away a 4-digit PIN to 1,000 guesses at once, and slows every guess", async () => {
      const pin = "7391";
      const { companyId } = await s.hub.db.store.findUniqueOrThrow({ where: { id: s.a.id } });
      const c = await courier(s.hub.db, companyId, {
        name: "Pedro Soto",
        phone: "+56 9 1111 2222",
        capacityPerDay: 20,
        pin,
      });
      const guess = (p: string, from = "203.0.113.7") =>
        fetch(`${s.url}/courier/api/session/pin`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-timbre-courier": "1",
            "x-forwarded-for": from,
            "x-timbre-client-address": from,
          },
          body: JSON.stringify({ phone: "+56 9 1111 2222", pin: p }),
        });
      const t0 = performance.now();
      expect((await guess("0000")).status).toBe(401);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
      // 999 wrong PINs and the right one last, all in flight together.
      const pins = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, "0")).filter(
        (p) => p !== pin && p !== "0000",
      );
      const wave = [...pins.slice(0, 999), pin];
      const answers = await Promise.all(
        wave.map((p) => guess(p).then(async (r) => ({ status: r.status, body: await r.text() }))),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(0);
      expect(answers.filter((a) => a.status >= 500)).toHaveLength(0);
      // Fewer than five of them were even compared: the rest met the lock.
      const compared = answers.filter((a) => a.body.includes("Teléfono o PIN incorrecto")).length;
      expect(compared).toBeLessThanOrEqual(4);
      const after = await s.hub.db.courier.findUniqueOrThrow({ where: { id: c.id } });
      expect(after.pinLockedUntil!.getTime()).toBeGreaterThan(Date.now());
    }, 180_000);
  });

  describe("framing", () => {
    it("lets only the shop's admin and admin.shopify.com frame /app, and nobody frame other pages", async () => {
      const app = await fetch(`${s.url}/app?shop=ferreteria-andes.myshopify.com`);
      expect(app.headers.get("content-security-policy")).toBe(
        "frame-ancestors https://ferreteria-andes.myshopify.com https://admin.shopify.com",
      );
      const spoofed = await fetch(`${s.url}/app?shop=evil.example.com`);
      expect(spoofed.headers.get("content-security-policy")).toBe("frame-ancestors https://admin.shopify.com");
      const landing = await fetch(`${s.url}/`);
      expect(landing.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
      const courier = await fetch(`${s.url}/courier`);
      expect(courier.headers.get("content-security-policy") ?? "").toMatch(/frame-ancestors 'none'|^$/);
    });
  });

  describe("secrets", () => {
    it("keeps store secrets encrypted in the database", async () => {
      const rows = await s.hub.db.$queryRaw<Array<{ secret: string; apiKeyHash: string }>>`
        SELECT secret, "apiKeyHash" FROM "Store" WHERE id = ${s.a.id}::uuid`;
      expect(rows[0]!.secret).not.toContain(s.a.secret);
      expect(rows[0]!.apiKeyHash).not.toContain(s.a.apiKey);
      const dump = JSON.stringify(await s.hub.db.$queryRaw`SELECT * FROM "Store"`);
      expect(dump).not.toContain(s.a.secret);
      expect(dump).not.toContain(s.a.apiKey);
    });

    it("never writes tokens, keys, passwords or signatures to the log", async () => {
      const lines: string[] = [];
      const log = createLogger(
        new Writable({
          write(chunk: Buffer, _enc, done) {
            lines.push(chunk.toString());
            done();
          },
        }) as unknown as Parameters<typeof createLogger>[0],
      );
      const secrets = [s.a.apiKey, s.a.secret, "shpat_0123456789abcdef", "hunter2", "sig-value-123"];
      log.error(
        {
          headers: { authorization: `Bearer ${s.a.apiKey}`, "x-timbre-signature": "sig-value-123" },
          store: { secret: s.a.secret, accessToken: "shpat_0123456789abcdef" },
          password: "hunter2",
          err: new Error(`upstream said: Bearer ${s.a.apiKey} and token shpat_0123456789abcdef`),
        },
        `calling with ${s.a.apiKey}`,
      );
      log.flush();
      const text = lines.join("");
      expect(text).toContain("[Redacted]");
      for (const secret of secrets) expect(text).not.toContain(secret);
    });
  });
});
