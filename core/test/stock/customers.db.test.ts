import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerFiscalData, matchCustomer, type CustomerInput } from "../../src/hub/customers/match-customer.js";
import { setCustomerCodes } from "../../src/hub/customers/set-customer-codes.js";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { runTransaction } from "../../src/hub/db/run-transaction.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { createCompany } from "./fixture.js";

describe("customers matched by RUT, else e-mail; guests with their own codes", () => {
  let tdb: TestDatabase;
  let db: Db;
  let companyId: string;
  const match = (input: CustomerInput) => runTransaction(db, (tx) => matchCustomer(tx, companyId, input));

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createPrismaClient(tdb.url, { maxConnections: 8 });
    companyId = (await createCompany(db)).id;
  });
  afterAll(async () => {
    await db.$disconnect();
    await tdb.close();
  });

  it("gives guests and account holders codes from separate series", async () => {
    const guest = await match({ email: "Ana@Example.cl", name: "Ana", guest: true });
    const account = await match({ rut: "12.345.678-5", name: "Bruno", guest: false });
    expect([guest.customer!.code, guest.created, guest.customer!.email]).toEqual([
      "INV-000001",
      true,
      "ana@example.cl",
    ]);
    expect([account.customer!.code, account.customer!.rut]).toEqual(["C-000002", "12345678-5"]);
    await setCustomerCodes(db, companyId, { guestPrefix: "GST" }, "test");
    expect((await match({ email: "otro@example.cl" })).customer!.code).toBe("GST000003");
    await expect(setCustomerCodes(db, companyId, { guestPrefix: "C-" }, "test")).rejects.toMatchObject({
      code: "customer.codes_invalid",
    });
  });

  it("finds a returning guest by e-mail and a buyer by RUT however it is typed, never creating them twice", async () => {
    const again = await match({
      email: "ana@example.cl",
      rut: "11111111-1",
      businessName: "Ana SpA",
      activity: "Comercio",
      address: "Calle 1",
      commune: "Ñuñoa",
    });
    expect([again.created, again.matchedBy, again.customer!.code, again.customer!.rut]).toEqual([
      false,
      "email",
      "INV-000001",
      "11111111-1",
    ]);
    expect(customerFiscalData(again.customer!)).toEqual({
      rut: "11111111-1",
      businessName: "Ana SpA",
      activity: "Comercio",
      address: "Calle 1",
      commune: "Ñuñoa",
      city: "",
    });
    const byRut = await match({ rut: "11.111.111-1", email: "ana.nueva@example.cl" });
    expect([byRut.matchedBy, byRut.customer!.id]).toEqual(["rut", again.customer!.id]);
    expect(await db.customer.count({ where: { companyId } })).toBe(3);
  });

  it("does not merge someone with another RUT who shares an e-mail, nor match on nothing", async () => {
    const other = await match({ email: "ana@example.cl", rut: "22222222-2" });
    expect(other.created).toBe(true);
    expect(await match({ rut: "12345678-0", name: "RUT con dígito malo" })).toEqual({
      customer: null,
      created: false,
      matchedBy: null,
    });
  });

  it("keeps addresses without repeating them", async () => {
    const address = { line1: "Av. Grecia 100", commune: "Ñuñoa", city: "Santiago" };
    await match({ rut: "12345678-5", shippingAddress: address });
    const r = await match({ rut: "12345678-5", shippingAddress: address, billingAddress: address });
    expect(await db.customerAddress.count({ where: { customerId: r.customer!.id } })).toBe(2);
  });

  it("creates one customer when two orders of a new buyer arrive together", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => match({ email: "nuevo@example.cl", guest: true })),
    );
    expect(new Set(results.map((r) => r.customer!.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });
});
