import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { createEncryptor, generateSecretKey, parseSecretKey } from "../../src/hub/secrets/encryptor.js";
import { resolveSecretKey } from "../../src/hub/secrets/secret-key.js";
import { createStore } from "../../src/hub/stores/create-store.js";
import { hashApiKey } from "../../src/hub/stores/store-keys.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";

describe("stored secrets", () => {
  let tdb: TestDatabase;
  let db: Db;
  const encryptor = createEncryptor(parseSecretKey(generateSecretKey()));
  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url);
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("never lands in the database in a readable form", async () => {
    const company = await db.company.create({
      data: {
        rut: "76192083-9",
        businessName: "Secreta SpA",
        activity: "Venta",
        actecos: [479100],
        address: "A 1",
        commune: "Ñuñoa",
      },
    });
    const created = await createStore(db, encryptor, {
      companyId: company.id,
      platform: "demo",
      name: "T",
      shopDomain: "t.example",
      actor: "test",
    });
    const pfxPassword = "clave-del-certificado-1234";
    const cafKey =
      "-----BEGIN RSA PRIVATE KEY-----\nMIIBOwIBAAJBAK5f0secretcafkeymaterial\n-----END RSA PRIVATE KEY-----";
    await db.certificate.create({
      data: {
        companyId: company.id,
        subjectName: "Juan Pérez",
        notBefore: new Date(),
        notAfter: new Date(Date.now() + 86_400_000),
        material: encryptor.encrypt(JSON.stringify({ pfx: "UEZYLWJ5dGVz", password: pfxPassword }), "certificate"),
      },
    });
    await db.caf.create({
      data: {
        companyId: company.id,
        documentType: 39,
        folioFrom: 1,
        folioTo: 100,
        nextFolio: 1,
        authorizedAt: new Date(),
        cafXml: "<AUTORIZACION/>",
        privateKey: encryptor.encrypt(cafKey, "caf.key"),
      },
    });

    // Read every row of every table as text, the way someone with a database dump would.
    const c = new pg.Client({ connectionString: tdb.url });
    await c.connect();
    const tables = (await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema='public'`)).rows;
    let dump = "";
    for (const { table_name } of tables) dump += JSON.stringify((await c.query(`SELECT * FROM "${table_name}"`)).rows);
    await c.end();

    for (const plaintext of [created.apiKey, created.secret, pfxPassword, "UEZYLWJ5dGVz", "secretcafkeymaterial"]) {
      expect(dump).not.toContain(plaintext);
    }
    // The API key is only a hash; the secret and credentials decrypt with the hub's key.
    expect(dump).toContain(hashApiKey(created.apiKey));
    const store = await db.store.findUniqueOrThrow({ where: { id: created.id } });
    expect(encryptor.decryptText(store.secret, "store.secret")).toBe(created.secret);
  });

  it("does not decrypt with another key, for another purpose, or after tampering", () => {
    const sealed = encryptor.encrypt("token-abc", "store.credentials");
    const other = createEncryptor(parseSecretKey(generateSecretKey()));
    expect(() => other.decrypt(sealed, "store.credentials")).toThrow(/TIMBRE_SECRET_KEY/);
    expect(() => encryptor.decrypt(sealed, "caf.key")).toThrow();
    const parts = sealed.split(".");
    const ct = Buffer.from(parts[3]!, "base64url");
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString("base64url");
    expect(() => encryptor.decrypt(parts.join("."), "store.credentials")).toThrow();
    expect(encryptor.decryptText(sealed, "store.credentials")).toBe("token-abc");
    // Same plaintext, different ciphertext each time (random IV).
    expect(encryptor.encrypt("token-abc", "store.credentials")).not.toBe(sealed);
  });
});

describe("the secret key", () => {
  it("is required in production, with a message that says how to make one", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "timbre-key-"));
    expect(() => resolveSecretKey({ mode: "production", secretKey: undefined, dataDir })).toThrow(
      /openssl rand -base64 32/,
    );
    expect(() => resolveSecretKey({ mode: "production", secretKey: "too-short", dataDir })).toThrow(/32 bytes/);
    expect(() => resolveSecretKey({ mode: "production", secretKey: "g".repeat(64), dataDir })).toThrow(/32 bytes/);
  });

  it("accepts hex and base64 keys of 32 bytes", () => {
    const hex = "ab".repeat(32);
    expect(parseSecretKey(hex)).toEqual(Buffer.from(hex, "hex"));
    const b64 = generateSecretKey();
    expect(parseSecretKey(b64).length).toBe(32);
  });

  it("is generated once under the data folder in development and reused", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "timbre-key-"));
    const a = resolveSecretKey({ mode: "development", secretKey: undefined, dataDir });
    const b = resolveSecretKey({ mode: "development", secretKey: undefined, dataDir });
    expect(a.equals(b)).toBe(true);
    const file = join(dataDir, "secret.key");
    expect(parseSecretKey(readFileSync(file, "utf8")).equals(a)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
  });
});
