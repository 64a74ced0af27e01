import { createHmac } from "node:crypto";
import fc from "fast-check";
import { createPrismaClient, type Db } from "@timbre/core/hub";
import { createTestDatabase, type TestDatabase } from "@timbre/core/testing/test-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveShopifyWebhook } from "../../src/shopify/webhook-receiver.js";

const SECRET = "fuzz-secret";
const SHOP = "fuzz-shop.myshopify.com";
const TOPICS = [
  "orders/create",
  "orders/paid",
  "orders/updated",
  "orders/cancelled",
  "refunds/create",
  "products/update",
  "app/uninstalled",
  "customers/redact",
  "x/unknown",
];

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom("\u0000", "\ud800", "\udfff", "'\";--", ""),
);
const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    nasty,
    fc.double(),
    fc.bigInt().map(String),
    fc.boolean(),
    fc.constant(null),
    tie("array"),
    tie("object"),
  ),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(nasty, tie("value"), { maxKeys: 5 }),
})).value;
/** Shopify-shaped bodies (an order with ids and lines) with hostile parts, or anything at all. */
const body = fc.oneof(
  fc
    .record({
      id: fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 63n }), nasty),
      note: nasty,
      line_items: fc.array(jsonish, { maxLength: 3 }),
    })
    .map((o) => JSON.stringify(o, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v))),
  jsonish.map((v) => JSON.stringify(v) ?? "null"),
  fc.string(),
  fc.constant("[".repeat(100_000) + "]".repeat(100_000)),
);

describe("fuzz: every Shopify webhook body gets an answer below 500", () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
  }, 120_000);
  afterAll(async () => {
    await db?.$disconnect();
    await database?.close();
  });

  const send = (topic: string, raw: string) =>
    receiveShopifyWebhook(
      new Request("http://hub/webhooks/shopify", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-shopify-topic": topic,
          "x-shopify-shop-domain": SHOP,
          "x-shopify-hmac-sha256": createHmac("sha256", SECRET).update(raw).digest("base64"),
        },
        body: raw,
      }),
      { db, secret: SECRET },
    );

  it("signed bodies of any shape, on any topic", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TOPICS), body, async (topic, raw) => {
        const res = await send(topic, raw);
        expect(res.status, `${topic} ${raw.slice(0, 200)}: ${await res.text()}`).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  }, 240_000);

  it("stores NUL and lone surrogates cleaned (jsonb refuses them) and acknowledges the event", async () => {
    const res = await send("orders/paid", '{"id":4501,"note":"a\\u0000b\\ud800c"}');
    expect(res.status).toBe(200);
    const rows = await db.$queryRaw<Array<{ note: string }>>`
      SELECT payload->>'note' AS note FROM "InboxEvent" WHERE shop = ${SHOP} ORDER BY id DESC LIMIT 1`;
    expect(rows[0]!.note).toBe("ab\ufffdc");
  });
});
