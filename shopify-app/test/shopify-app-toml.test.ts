import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SHOPIFY_API_VERSION, SHOPIFY_SCOPES } from "../src/shopify/config.js";

// shopify.app.toml is deployed with `shopify app deploy`; the code has its own copy of the scopes and
// version (token exchange, GraphQL URLs). They must never drift apart.
const toml = readFileSync(join(import.meta.dirname, "../shopify.app.toml"), "utf8");

describe("shopify.app.toml", () => {
  it("declares the scopes the code asks for, read_all_orders included", () => {
    const scopes = /^scopes = "([^"]+)"/m.exec(toml)?.[1]?.split(",");
    expect(scopes).toEqual([...SHOPIFY_SCOPES]);
    for (const s of [
      "read_all_orders",
      "write_orders",
      "write_inventory",
      "write_products",
      "read_locations",
      "write_merchant_managed_fulfillment_orders",
    ]) {
      expect(scopes).toContain(s);
    }
  });

  it("pins the webhook API version the client uses", () => {
    expect(/\[webhooks\]\s*\napi_version = "([^"]+)"/.exec(toml)?.[1]).toBe(SHOPIFY_API_VERSION);
  });

  it("sends every topic and the compliance topics to /webhooks/shopify", () => {
    const uris = [...toml.matchAll(/^uri = "([^"]+)"/gm)].map((m) => m[1]);
    expect(uris.length).toBeGreaterThanOrEqual(2);
    expect(new Set(uris)).toEqual(new Set(["/webhooks/shopify"]));
    const topics = /topics = \[([^\]]+)\]/
      .exec(toml)![1]!
      .match(/"[^"]+"/g)!
      .map((t) => t.slice(1, -1));
    expect(topics).toEqual(
      expect.arrayContaining([
        "orders/paid",
        "orders/updated",
        "orders/cancelled",
        "refunds/create",
        "products/create",
        "products/update",
        "products/delete",
        "inventory_levels/update",
        "app/uninstalled",
      ]),
    );
    expect(/compliance_topics = \[([^\]]+)\]/.exec(toml)?.[1]).toBe(
      '"customers/data_request", "customers/redact", "shop/redact"',
    );
  });
});
