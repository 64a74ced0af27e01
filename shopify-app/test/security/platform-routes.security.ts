import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../start-server.js";

/**
 * Every route the platform kit mounts from a connector (Mercado Libre's notifications, the
 * PrestaShop and Magento events, WooCommerce's connection pages), on the hub as `npm start` runs
 * it: whatever arrives, never a 500, or the platform starts to treat us as down and stops sending.
 */
const ROUTES = [
  "/mercadolibre/notifications",
  "/mercadolibre/oauth/callback",
  "/webhooks/prestashop",
  "/webhooks/magento",
  "/woocommerce/connect",
  "/woocommerce/connect/complete",
];

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom("\u0000", "\ud800", "\udfff", "'\";--", "", "9".repeat(40)),
);
const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    nasty,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    tie("array"),
    tie("object"),
  ),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(nasty, tie("value"), { maxKeys: 5 }),
})).value;
/** Mercado Libre-shaped notifications with hostile parts, anything JSON, text, or 100,000-deep JSON. */
const body = fc.oneof(
  fc
    .record({
      _id: nasty,
      resource: fc.oneof(nasty, fc.constant("/orders/2000003508419013")),
      user_id: fc.oneof(fc.integer(), nasty, fc.constant(123456789)),
      topic: fc.constantFrom("orders_v2", "shipments", "items", "invoices", "x"),
      application_id: fc.oneof(fc.integer(), nasty),
      attempts: jsonish,
      sent: nasty,
      received: nasty,
    })
    .map((o) => JSON.stringify(o)),
  jsonish.map((v) => JSON.stringify(v) ?? "null"),
  fc.string(),
  fc.constant("[".repeat(100_000) + "]".repeat(100_000)),
);
const contentType = fc.constantFrom(
  "application/json",
  "application/x-www-form-urlencoded",
  "text/plain",
  "multipart/form-data; boundary=x",
);

describe("fuzz: every route a platform connector mounts answers below 500", () => {
  let hub: RunningServer;
  beforeAll(async () => {
    hub = await startServer();
  }, 120_000);
  afterAll(() => hub?.stop());

  it("POST of any body, with any content type", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), body, contentType, async (path, raw, type) => {
        const res = await fetch(`${hub.url}${path}`, { method: "POST", headers: { "content-type": type }, body: raw });
        expect(
          res.status,
          `${path} ${raw.slice(0, 200)}: ${await res.text()}\n${hub.output().slice(-2000)}`,
        ).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  }, 240_000);

  it("GET with any query", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.dictionary(nasty, nasty, { maxKeys: 4 }), async (path, q) => {
        const query = new URLSearchParams(
          Object.entries(q).map(([k, v]) => [k.replace(/[\ud800-\udfff]/g, ""), v.replace(/[\ud800-\udfff]/g, "")]),
        );
        const res = await fetch(`${hub.url}${path}?${query.toString()}`, { redirect: "manual" });
        expect(res.status, `${path}?${query.toString().slice(0, 200)}: ${await res.text()}`).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  }, 240_000);
});
