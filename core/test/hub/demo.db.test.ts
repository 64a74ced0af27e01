import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/hub/config.js";
import { startDemo } from "../../src/hub/demo/start-demo.js";
import { openHub, type Hub } from "../../src/hub/hub.js";
import { createSigningMaterial } from "../../src/hub/documents/signing-material.js";
import { cafSignatureValid } from "../../src/rules/dte/caf.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";

describe("the demo seed", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  beforeAll(async () => {
    tdb = await createTestDatabase({ migrate: false });
    const dataDir = mkdtempSync(join(tmpdir(), "timbre-demo-"));
    hub = await openHub(loadConfig({ DATABASE_URL: tdb.url, TIMBRE_DATA_DIR: dataDir }), { role: "cli" });
  });
  afterAll(async () => {
    await hub.close();
    await tdb.close();
  });

  it("gives the demo company a certificate and a test CAF per type, marked as not valid at the SII", async () => {
    const demo = await startDemo(hub);
    const company = await hub.db.company.findUniqueOrThrow({ where: { id: demo.companyId } });
    expect(company.environment).toBe("certification");
    const cafs = await hub.db.caf.findMany({ where: { companyId: company.id }, orderBy: { documentType: "asc" } });
    expect(cafs.map((c) => c.documentType)).toEqual([33, 34, 39, 41, 56, 61]);
    expect(
      cafs.every((c) => c.testOnly && c.cafXml.includes("NO es valido en el SII") && !c.cafXml.includes("RSASK")),
    ).toBe(true);

    const material = createSigningMaterial(hub.db, hub.encryptor);
    const caf = await material.caf(cafs[0]!.id);
    expect(caf.privateKey).toBeDefined();
    expect(cafSignatureValid(caf, { 100: demo.cafAuthorityPublicKey })).toBe(true);
    const { cert } = await material.certificate(company.id);
    expect(cert.rut).toBe("11111111-1");
  });

  it("finds what it left on a second start instead of seeding again", async () => {
    const first = await hub.db.caf.count();
    const again = await startDemo(hub);
    expect(await hub.db.caf.count()).toBe(first);
    expect(await hub.db.certificate.count({ where: { companyId: again.companyId } })).toBe(1);
    expect(await hub.db.store.count({ where: { platform: "demo" } })).toBe(1);
  });
});
