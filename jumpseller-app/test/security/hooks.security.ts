import fc from "fast-check";
import {
  createEncryptor,
  createPrismaClient,
  generateSecretKey,
  parseSecretKey,
  type Db,
  type Encryptor,
} from "@timbre/core/hub";
import { createStore } from "@timbre/core/platform-parts";
import { createTestDatabase, type TestDatabase } from "@timbre/core/testing/test-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveHook } from "../../src/hooks/receive-hook.js";
import { signHookBody } from "../../src/hooks/verify-signature.js";
import { sealCredentials } from "../../src/store/store-state.js";

// Issue 13: every webhook body, correctly signed so it reaches parsing and the inbox, gets an
// answer below 500 (a platform that keeps getting 500s turns its hooks off).

const CODE = "fuzz-store";
const HOOKS_TOKEN = "fuzz-hooks-token";
const EVENTS = ["order_created", "order_paid", "order_updated", "order_shipped", "product_updated", "x_unknown"];

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom("\u0000", "\ud800", "\udfff", "'\";--", "", "𝒯"),
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
/** Jumpseller-shaped bodies ({order: {id, products}}) with hostile parts, or anything at all. */
const body = fc.oneof(
  fc
    .record({
      id: fc.oneof(fc.integer(), nasty, fc.double()),
      status: nasty,
      products: fc.array(jsonish, { maxLength: 3 }),
    })
    .map((order) => JSON.stringify({ order })),
  fc.record({ product: jsonish }).map((p) => JSON.stringify(p)),
  jsonish.map((v) => JSON.stringify(v) ?? "null"),
  fc.string(),
  fc.constant("[".repeat(100_000) + "]".repeat(100_000)),
);

describe("fuzz: every Jumpseller hook body gets an answer below 500", () => {
  let database: TestDatabase;
  let db: Db;
  let encryptor: Encryptor;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    encryptor = createEncryptor(parseSecretKey(generateSecretKey()));
    const company = await db.company.create({
      data: {
        rut: "76354771-K",
        businessName: "Fuzz SpA",
        activity: "Venta por internet",
        actecos: [479100],
        address: "Calle 1",
        commune: "Santiago",
      },
    });
    const store = await createStore(db, encryptor, {
      companyId: company.id,
      platform: "jumpseller",
      name: "Fuzz",
      shopDomain: CODE,
      actor: "test",
    });
    await db.store.update({
      where: { id: store.id },
      data: {
        credentials: sealCredentials(encryptor, {
          accessToken: "a",
          refreshToken: "r",
          expiresAt: Date.now() + 3_600_000,
          hooksToken: HOOKS_TOKEN,
          scope: "",
        }),
      },
    });
  }, 120_000);
  afterAll(async () => {
    await db?.$disconnect();
    await database?.close();
  });

  it("signed bodies of any shape, for any event", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...EVENTS), body, async (event, raw) => {
        const res = await receiveHook(
          { db, encryptor },
          new Request("http://hub.test/jumpseller/hooks", {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "jumpseller-store-code": CODE,
              "jumpseller-event": event,
              "jumpseller-hmac-sha256": signHookBody(raw, HOOKS_TOKEN),
            },
            body: raw,
          }),
        );
        expect(res.status, `${event} ${raw.slice(0, 200)}: ${await res.clone().text()}`).toBeLessThan(500);
        if (res.status < 300) accepted++;
      }),
      { numRuns: 200 },
    );
    // The property reached the inbox, not only the signature check.
    expect(accepted).toBeGreaterThan(50);
    expect(await db.inboxEvent.count()).toBeGreaterThan(50);
  }, 240_000);

  it("unsigned or wrongly signed bodies are refused with 401, never parsed", async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.option(nasty), async (raw, signature) => {
        const headers: Record<string, string> = { "jumpseller-store-code": CODE, "jumpseller-event": "order_paid" };
        if (signature !== null) headers["jumpseller-hmac-sha256"] = signature.replace(/[^\x20-\x7e]/g, "");
        const res = await receiveHook(
          { db, encryptor },
          new Request("http://hub.test/jumpseller/hooks", { method: "POST", headers, body: raw }),
        );
        expect(res.status).toBe(401);
      }),
      { numRuns: 100 },
    );
  }, 240_000);
});
