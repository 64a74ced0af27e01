import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { registerCatalogAdapter } from "../../src/hub/platform/adapter-registry.js";
import { PLATFORM_LIMITS } from "../../src/hub/platform/limits.js";
import { createFakePlatform } from "../../src/testing/fake-platform.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { createCompany } from "./fixture.js";

function sink(): Writable & { text: () => string } {
  let buf = "";
  const w = new Writable({
    write(chunk, _enc, cb) {
      buf += String(chunk);
      cb();
    },
  }) as Writable & { text: () => string };
  w.text = () => buf;
  return w;
}

async function timbre(...argv: string[]): Promise<{ code: number; out: string; err: string; json: () => unknown }> {
  const out = sink();
  const err = sink();
  const code = await main(argv, out, err);
  return { code, out: out.text(), err: err.text(), json: () => JSON.parse(out.text()) };
}

describe("timbre warehouse, store warehouses, product, products import, stock and sync commands", () => {
  let tdb: TestDatabase;
  let db: Db;
  let web: string;
  let shop: string;
  const saved = process.env.DATABASE_URL;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    process.env.DATABASE_URL = tdb.url;
    db = createPrismaClient(tdb.url);
    await createCompany(db);
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await db.$disconnect();
    await tdb.close();
  });

  it("creates warehouses and says which feeds each store", async () => {
    const scl = await timbre("warehouse", "create", "--code", "SCL", "--name", "Bodega Santiago", "--json");
    expect(scl.code, scl.err).toBe(0);
    expect(scl.json()).toMatchObject({ code: "SCL", isDefault: true });
    expect((await timbre("warehouse", "create", "--code", "VAP", "--name", "Bodega Valparaíso")).code).toBe(0);
    web = (
      JSON.parse(
        (
          await timbre(
            "store",
            "create",
            "--platform",
            "jumpseller",
            "--name",
            "Web",
            "--domain",
            "web.example",
            "--json",
          )
        ).out,
      ) as { id: string }
    ).id;
    shop = (
      JSON.parse(
        (
          await timbre(
            "store",
            "create",
            "--platform",
            "shopify",
            "--name",
            "Shopify",
            "--domain",
            "x.myshopify.com",
            "--json",
          )
        ).out,
      ) as { id: string }
    ).id;
    const set = await timbre("store", "warehouses", web, "SCL", "VAP", "--json");
    expect(set.code, set.err).toBe(0);
    expect(set.json()).toEqual({ storeId: web, warehouses: ["SCL", "VAP"] });
    const bad = await timbre("store", "warehouses", shop, "NOPE");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("NOPE");
    expect((await timbre("warehouse", "list")).out).toContain("Web");
  });

  it("upserts a product and imports a CSV, reporting repeated SKUs and bad lines", async () => {
    const p = await timbre(
      "product",
      "upsert",
      "--sku",
      "CAFE",
      "--name",
      "Café en grano 1 kg",
      "--price",
      "12990",
      "--json",
    );
    expect(p.code, p.err).toBe(0);
    expect(p.json()).toEqual({ sku: "CAFE", status: "created" });
    const dir = mkdtempSync(join(tmpdir(), "timbre-import-"));
    const file = join(dir, "productos.csv");
    writeFileSync(
      file,
      '\uFEFFsku;nombre;precio;exento\r\nTE;"Té ""verde""; 100 g";3.990;no\r\nLIBRO;Libro;15000;sí\r\nDUP;Uno;1;\r\nDUP;Dos;2;\r\nMALO;Sin precio;;\r\n',
    );
    const r = await timbre("products", "import", file, "--json");
    expect(r.code, r.err).toBe(0);
    expect(r.json()).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
      duplicates: [{ sku: "DUP", lines: [4, 5] }],
      invalid: [{ line: 6, sku: "MALO", problem: expect.stringContaining("price") }],
    });
    const te = await db.productVariant.findFirstOrThrow({ where: { sku: "TE" }, include: { product: true } });
    expect([te.name, te.price, te.product.exempt]).toEqual(['Té "verde"; 100 g', 3990, false]);
    expect((await db.product.findFirstOrThrow({ where: { key: "LIBRO" } })).exempt).toBe(true);
  });

  it("moves stock (fractional, negative) and shows balances, the kardex and what a store would publish", async () => {
    expect(
      (
        await timbre(
          "stock",
          "move",
          "--sku",
          "CAFE",
          "--warehouse",
          "SCL",
          "--kind",
          "in",
          "--quantity",
          "10.5",
          "--unit-cost",
          "7000",
        )
      ).code,
    ).toBe(0);
    const adj = await timbre(
      "stock",
      "move",
      "--sku",
      "CAFE",
      "--warehouse",
      "SCL",
      "--kind",
      "adjust",
      "--quantity=-0,75",
      "--json",
    );
    expect(adj.code, adj.err).toBe(0);
    expect(adj.json()).toMatchObject({ quantity: -0.75, onHand: 9.75 });
    expect(
      (await timbre("stock", "move", "--sku", "TE", "--warehouse", "VAP", "--kind", "out", "--quantity", "2")).code,
    ).toBe(0);
    const shows = await timbre("stock", "show", "--store", web, "--json");
    expect(shows.code, shows.err).toBe(0);
    expect(shows.json()).toEqual(
      expect.arrayContaining([
        { sku: "CAFE", available: 9, sellOnline: true },
        { sku: "TE", available: 0, sellOnline: true },
      ]),
    );
    const balances = await timbre("stock", "show", "--sku", "CAFE", "--json");
    expect(balances.json()).toEqual([
      expect.objectContaining({ sku: "CAFE", warehouse: "SCL", onHand: 9.75, avgCost: 7000, value: 68250 }),
    ]);
    const history = await timbre("stock", "history", "CAFE", "--json");
    expect((history.json() as Array<{ kind: string }>).map((h) => h.kind)).toEqual(["in", "adjustment"]);
    const unknown = await timbre(
      "stock",
      "move",
      "--sku",
      "NADA",
      "--warehouse",
      "SCL",
      "--kind",
      "in",
      "--quantity",
      "1",
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("NADA");
  });

  it("runs a store's sync with a progress bar on stderr and a report on stdout", async () => {
    const fake = createFakePlatform({ limits: PLATFORM_LIMITS.shopify });
    fake.seed([
      { productId: "7001", variantId: "8001", sku: "CAFE", title: "Café", quantity: 0 },
      { productId: "7002", variantId: "8002", sku: "TE", title: "Té A", quantity: 5 },
      { productId: "7003", variantId: "8003", sku: "TE", title: "Té B", quantity: 5 },
      { productId: "7004", sku: null, title: "Gift card", quantity: null },
    ]);
    const unregister = registerCatalogAdapter("shopify", () => fake.port);
    try {
      const r = await timbre("sync", "run", "--store", shop, "--json");
      expect(r.code, r.err).toBe(0);
      expect(r.json()).toMatchObject({
        mode: "push",
        counts: { listings: 4, matched: 1, duplicate: 2, missingSku: 1 },
        duplicates: [{ sku: "TE" }],
      });
      expect(r.err).toMatch(/publicando\s+\[#+-*\] \d+\/\d+/);
      expect(fake.bySku("CAFE")[0]!.quantity).toBe(9);
      const text = await timbre("sync", "run", "--store", shop);
      expect(text.out).toContain("SKU duplicados");
    } finally {
      unregister();
    }
    const pull = await timbre("sync", "run", "--store", web);
    expect(pull.code, pull.err).toBe(0);
    expect(pull.out).toContain("GET /api/v1/stock");
  });

  it("sets store buffers, prices and customer code prefixes", async () => {
    const s = await timbre("store", "sync-settings", web, "--buffer", "2", "--json");
    expect(s.json()).toMatchObject({ safetyBuffer: 2, warehouses: ["SCL", "VAP"] });
    expect((await timbre("stock", "show", "--store", web, "--sku", "CAFE", "--json")).json()).toEqual([
      { sku: "CAFE", available: 7, sellOnline: true },
    ]);
    expect((await timbre("price", "set", "--list", "Web", "--sku", "CAFE", "--price", "11990")).code).toBe(0);
    expect((await timbre("store", "sync-settings", web, "--price-list", "Web", "--json")).json()).toMatchObject({
      priceList: "Web",
    });
    const codes = await timbre("customer", "codes", "--guest-prefix", "INVITADO-", "--json");
    expect(codes.json()).toMatchObject({ guestPrefix: "INVITADO-", accountPrefix: "C-" });
    const off = await timbre(
      "product",
      "upsert",
      "--sku",
      "CAFE",
      "--name",
      "Café en grano 1 kg",
      "--price",
      "12990",
      "--store",
      web,
      "--sell-online",
      "no",
    );
    expect(off.code, off.err).toBe(0);
    expect((await timbre("stock", "show", "--store", web, "--sku", "CAFE", "--json")).json()).toEqual([
      { sku: "CAFE", available: 0, sellOnline: false },
    ]);
  });
});
