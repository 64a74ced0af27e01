import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { main } from "../../src/cli/main.js";
import { loadConfig } from "../../src/hub/config.js";
import { openHub, type Hub } from "../../src/hub/hub.js";
import { openCredentials } from "../../src/hub/platforms/credential-codec.js";
import { registerConnector } from "../../src/hub/platforms/registry.js";
import type { AnyConnector } from "../../src/hub/platforms/connector.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";

/**
 * `timbre store create` takes whatever the registered connectors declare. These stand-ins declare
 * the fields the platform issues give as contracts (WooCommerce, PrestaShop, Magento, Mercado Libre),
 * under other ids: the real connectors live in their workspaces and run the same mechanism.
 */
const url = z.url().describe("The shop's address");
const connectors: AnyConnector[] = [
  {
    id: "kitwoo",
    name: "Woo-like",
    credentials: z.object({ consumerKey: z.string(), consumerSecret: z.string() }),
    setup: {
      fields: z.object({
        url,
        consumerKey: z.string().startsWith("ck_").describe("REST consumer key"),
        consumerSecret: z.string().startsWith("cs_").describe("REST consumer secret"),
      }),
      toStore: (i: { url: string; consumerKey: string; consumerSecret: string }) => ({
        shopDomain: new URL(i.url).host,
        credentials: { consumerKey: i.consumerKey, consumerSecret: i.consumerSecret },
        settings: { url: i.url },
      }),
    },
  },
  {
    id: "kitpresta",
    name: "Presta-like",
    setup: {
      fields: z.object({ url, webserviceKey: z.string().min(8).describe("Webservice key") }),
      toStore: (i: { url: string; webserviceKey: string }) => ({
        shopDomain: new URL(i.url).host,
        credentials: { webserviceKey: i.webserviceKey },
      }),
    },
  },
  {
    id: "kitmagento",
    name: "Magento-like",
    setup: {
      fields: z.object({
        url,
        accessToken: z.string().min(8).describe("Integration access token"),
        syncInterval: z.coerce.number().int().min(1).max(1440).default(5).describe("Minutes between sweeps"),
      }),
      toStore: (i: { url: string; accessToken: string; syncInterval: number }) => ({
        shopDomain: new URL(i.url).host,
        credentials: { accessToken: i.accessToken },
        settings: { syncIntervalMinutes: i.syncInterval },
      }),
    },
  },
  { id: "kitmeli", name: "Meli-like" },
];

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

async function timbre(...argv: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(argv, out, err);
  return { code, out: out.text(), err: err.text() };
}

describe("timbre store create, driven by the registry", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    for (const c of connectors) registerConnector(c);
    tdb = await createTestDatabase();
    process.env.DATABASE_URL = tdb.url;
    hub = await openHub(loadConfig({ DATABASE_URL: tdb.url }), { role: "cli", migrate: false });
    const company = await timbre(
      ...["company", "set", "--rut", "76.192.083-9", "--name", "Mi Tienda SpA", "--activity", "Venta por internet"],
      ...["--acteco", "479100", "--address", "Av. Siempre Viva 742", "--commune", "Providencia", "--city", "Santiago"],
    );
    expect(company.code, company.err).toBe(0);
  });
  afterAll(async () => {
    await hub?.close();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await tdb?.close();
  });

  const stored = (id: string) => hub.db.store.findUniqueOrThrow({ where: { id } });

  it("takes a connector's credential flags, keeps them encrypted and prints {id, apiKey, secret}", async () => {
    const r = await timbre(
      ...["store", "create", "--platform", "kitwoo", "--name", "Mi Woo", "--url", "https://woo.example.cl/"],
      ...["--consumer-key", "ck_1234", "--consumer-secret", "cs_5678", "--json"],
    );
    expect(r.code, r.err).toBe(0);
    const created = JSON.parse(r.out) as { id: string; apiKey: string; secret: string; platform: string };
    expect(created).toMatchObject({ platform: "kitwoo", apiKey: expect.stringMatching(/^tmb_/) });
    expect(created.secret.length).toBeGreaterThan(20);
    const row = await stored(created.id);
    expect(row.shopDomain).toBe("woo.example.cl");
    expect(row.credentials).not.toContain("ck_1234");
    expect(openCredentials(hub.encryptor, connectors[0]!, row.credentials)).toEqual({
      consumerKey: "ck_1234",
      consumerSecret: "cs_5678",
    });
    expect((row.settings as Record<string, unknown>).kitwoo).toEqual({ url: "https://woo.example.cl/" });
  });

  it("takes --webservice-key, and --access-token with --sync-interval as a setting", async () => {
    const presta = await timbre(
      ...["store", "create", "--platform", "kitpresta", "--name", "P", "--url", "http://presta.example"],
      ...["--webservice-key", "ABCDEFGHIJ", "--json"],
    );
    expect(presta.code, presta.err).toBe(0);
    const magento = await timbre(
      ...["store", "create", "--platform", "kitmagento", "--name", "M", "--url", "http://magento.example"],
      ...["--access-token", "tok_abcdefgh", "--sync-interval", "10", "--json"],
    );
    expect(magento.code, magento.err).toBe(0);
    const row = await stored((JSON.parse(magento.out) as { id: string }).id);
    expect((row.settings as Record<string, unknown>).kitmagento).toEqual({ syncIntervalMinutes: 10 });
  });

  it("creates an OAuth platform's store with only a name (installed afterwards)", async () => {
    const r = await timbre("store", "create", "--platform", "kitmeli", "--name", "Mi Meli", "--json");
    expect(r.code, r.err).toBe(0);
    const row = await stored((JSON.parse(r.out) as { id: string }).id);
    expect(row).toMatchObject({ platform: "kitmeli", credentials: null, shopDomain: null });
  });

  it("says which flag is missing or does not belong, and which platforms exist", async () => {
    const missing = await timbre("store", "create", "--platform", "kitpresta", "--name", "P", "--url", "http://p.cl");
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain("--webservice-key");
    const foreign = await timbre(
      ...["store", "create", "--platform", "kitmeli", "--name", "X", "--consumer-key", "ck_1"],
    );
    expect(foreign.code).not.toBe(0);
    expect(foreign.err).toContain("--consumer-key no corresponde a la plataforma Meli-like");
    const unknown = await timbre("store", "create", "--platform", "nosuch", "--name", "X");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--platform debe ser una de: .*kitmagento.*kitwoo/);
    const help = await timbre("store", "create", "--help");
    // A flag the real platforms declare too lists them after the test's own.
    expect(help.out).toMatch(/--consumer-key <value> {2}REST consumer key \[kitwoo[\],]/);
    expect(help.out).toMatch(/--sync-interval <value> {2}Minutes between sweeps \[kitmagento\?[\],]/);
    // Real platform workspaces discovered beside the test's own (prestashop declares --url too) may follow.
    expect(help.out).toMatch(/--url <value> {2}The shop's address \[kitmagento, kitpresta, kitwoo[\],]/);
  });
});
