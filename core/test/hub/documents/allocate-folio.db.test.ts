import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../../../src/hub/db/prisma-client.js";
import { allocateFolio, folioStock } from "../../../src/hub/documents/allocate-folio.js";
import { createTestDatabase, type TestDatabase } from "../../../src/testing/test-database.js";

describe("folio allocation", () => {
  let tdb: TestDatabase;
  let db: Db;
  let companyId: string;
  const caf = (documentType: number, folioFrom: number, folioTo: number, expiresAt: Date | null = null) =>
    db.caf.create({
      data: {
        companyId,
        documentType,
        folioFrom,
        folioTo,
        nextFolio: folioFrom,
        authorizedAt: new Date("2026-01-01"),
        expiresAt,
        cafXml: "<CAF/>",
        privateKey: "sealed",
      },
    });

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url, { maxConnections: 8 });
    companyId = (
      await db.company.create({
        data: { rut: "76192083-9", businessName: "X", activity: "Y", actecos: [479100], address: "A", commune: "C" },
      })
    ).id;
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("hands out every folio once under concurrency, CAFs in order, and stops when they run out", async () => {
    await caf(39, 6, 10);
    await caf(39, 1, 5);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => db.$transaction((tx) => allocateFolio(tx, companyId, 39), { timeout: 20_000 })),
    );
    const folios = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.folio] : [])).sort((a, b) => a - b);
    expect(folios).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const failures = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(failures).toHaveLength(2);
    expect(String(failures[0]!.reason.message)).toContain("No authorized folios");
  });

  it("does not take a folio when the document's transaction fails", async () => {
    await caf(33, 100, 102);
    await expect(
      db.$transaction(async (tx) => {
        await allocateFolio(tx, companyId, 33);
        throw new Error("signing failed");
      }),
    ).rejects.toThrow("signing failed");
    const next = await db.$transaction((tx) => allocateFolio(tx, companyId, 33));
    expect(next.folio).toBe(100);
  });

  it("skips expired CAFs and reports what is left per type", async () => {
    await caf(61, 1, 50, new Date("2026-06-01"));
    await caf(61, 51, 60, new Date("2027-01-01"));
    const at = new Date("2026-11-20");
    expect((await db.$transaction((tx) => allocateFolio(tx, companyId, 61, at))).folio).toBe(51);
    const stock = await db.$transaction((tx) => folioStock(tx, companyId, at));
    expect(stock).toEqual([
      { documentType: 33, remaining: 2, expiresAt: null },
      { documentType: 61, remaining: 9, expiresAt: new Date("2027-01-01") },
    ]);
  });
});
