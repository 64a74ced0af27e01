import { Session } from "@shopify/shopify-api";
import {
  createEncryptor,
  createPrismaClient,
  generateSecretKey,
  parseSecretKey,
  type Db,
  type Hub,
} from "@timbre/core/hub";
import { createTestDatabase, type TestDatabase } from "@timbre/core/testing/test-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HubSessionStorage } from "../../app/shopify/session-storage.js";
import { bindHub } from "../../src/shopify/hub-handle.js";
import { installShop } from "../../src/shopify/install-shop.js";
import { offlineAccessToken } from "../../src/shopify/offline-token.js";
import { startShopifyEmulator, type ShopifyEmulator } from "../../src/testing/shopify-emulator.js";

const SHOP = "probe-tokens.myshopify.com";

/** Every Session row as text, every column: what someone with a database dump would read. */
async function sessionTableText(db: Db): Promise<string> {
  const rows = await db.$queryRaw<unknown[]>`SELECT * FROM "Session"`;
  return JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));
}

describe("probe: no Shopify token readable in the Session table", () => {
  let database: TestDatabase;
  let db: Db;
  let emulator: ShopifyEmulator;
  const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    emulator = await startShopifyEmulator({ apiKey: "probe-key", apiSecret: "probe-secret" });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await emulator?.close();
    await database?.close();
  });

  it("after an install, a token refresh and a session stored by the Shopify library", async () => {
    const company = await db.company.create({
      data: {
        rut: "76192083-9",
        businessName: "Sondeo SpA",
        activity: "Venta al por menor",
        actecos: [479100],
        address: "Av. Siempre Viva 123",
        commune: "Santiago",
      },
    });
    const t = emulator.install(SHOP);
    await installShop(db, encryptor, {
      companyId: company.id,
      shop: SHOP,
      tokens: {
        accessToken: t.accessToken,
        scope: t.scope,
        expiresAt: new Date(Date.now() - 1000),
        refreshToken: t.refreshToken,
        refreshTokenExpiresAt: t.refreshTokenExpiresAt,
      },
      actor: "probe",
    });
    const secrets = [t.accessToken, t.refreshToken];
    let text = await sessionTableText(db);
    expect(text).toContain(SHOP); // the scan does read the row
    for (const s of secrets) expect(text).not.toContain(s);

    const env = { apiKey: "probe-key", apiSecret: "probe-secret", adminApiUrl: emulator.url };
    secrets.push(await offlineAccessToken(db, encryptor, env, SHOP));
    bindHub({ db, encryptor } as unknown as Hub);
    await new HubSessionStorage().storeSession(
      new Session({
        id: `online_${SHOP}_7`,
        shop: SHOP,
        state: "x",
        isOnline: true,
        accessToken: "shpua_probe_online_token",
      }),
    );
    secrets.push("shpua_probe_online_token");
    text = await sessionTableText(db);
    expect(text).toContain(`online_${SHOP}_7`);
    // Not even a token prefix: a half-sealed or re-encoded token would still show one.
    for (const s of secrets) expect(text).not.toContain(s);
    expect(text).not.toMatch(/shp(at|rt|ua)_/);
  });
});
