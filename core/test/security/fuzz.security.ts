import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { order, startSecurityHub, type SecurityHub } from "./harness.js";

/** Text with what breaks naive handlers: NUL, lone surrogates, quotes, huge and tiny numbers. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom("\u0000", "\ud800", "\udfff", "'\";--", "𝒯", "", " ".repeat(300)),
);
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.constantFrom(3e9, 1e-9, -1, 0, Number.MAX_SAFE_INTEGER, 2_147_483_648, 0.1234567),
);
const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, nasty, number, fc.boolean(), fc.constant(null), tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(nasty, tie("value"), { maxKeys: 4 }),
})).value;

/** Orders near the valid shape with any one part replaced by something hostile. */
const orderish = fc
  .record({
    field: fc.constantFrom(
      "externalId",
      "number",
      "status",
      "updatedAt",
      "buyer",
      "lines",
      "shipping",
      "pricesIncludeTax",
    ),
    lineField: fc.constantFrom("externalId", "sku", "name", "quantity", "unitPrice", "discount", "exempt"),
    value: jsonish,
    inLine: fc.boolean(),
    id: fc.integer({ min: 1, max: 1_000_000 }),
  })
  .map(({ field, lineField, value, inLine, id }) => {
    const o = order(`F-${id}`) as Record<string, unknown> & { lines: Array<Record<string, unknown>> };
    if (inLine) o.lines[0]![lineField] = value;
    else o[field] = value;
    return o;
  });

describe("fuzz: the normalized order and webhook bodies never get a 500", () => {
  let s: SecurityHub;
  beforeAll(async () => {
    s = await startSecurityHub();
  }, 120_000);
  afterAll(() => s?.close());

  it("POST /api/v1/orders answers 202 or 400, whatever the order holds", async () => {
    await fc.assert(
      fc.asyncProperty(orderish, async (o) => {
        const res = await s.call("POST", "/api/v1/orders", JSON.stringify(o));
        expect([202, 400], await res.text()).toContain(res.status);
      }),
      { numRuns: 150 },
    );
  }, 180_000);

  it("any JSON body, or none, to any write answers below 500", async () => {
    const paths = [
      "/api/v1/orders",
      "/api/v1/orders/F-1/refunds",
      "/api/v1/stock/movements",
      "/api/v1/products",
      "/api/v1/shipping-quote",
      "/api/v1/deliveries",
      "/webhooks/test",
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.oneof(
          jsonish.map((v) => JSON.stringify(v) ?? ""),
          fc.string(),
        ),
        async (path, body) => {
          const res = path.startsWith("/webhooks")
            ? await fetch(`${s.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body })
            : await s.call(path === "/api/v1/products" ? "PUT" : "POST", path, body);
          expect(res.status, `${path} ${body.slice(0, 200)}: ${await res.text()}`).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  }, 180_000);
});
