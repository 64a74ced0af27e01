import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { completeDelivery } from "../../src/hub/couriers/complete-delivery.js";
import { createDelivery } from "../../src/hub/couriers/create-delivery.js";
import { createPrismaClient, type Db } from "../../src/hub/db/prisma-client.js";
import { createEncryptor, generateSecretKey, parseSecretKey } from "../../src/hub/secrets/encryptor.js";
import { serviceDay } from "../../src/rules/couriers/service-day.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { FAKE_JPEG, order, recipient, seedCompany } from "./support/seed.js";

function sink(): Writable & { text: () => string } {
  let buf = "";
  const w = new Writable({ write: (chunk, _enc, cb) => ((buf += String(chunk)), cb()) }) as Writable & {
    text: () => string;
  };
  w.text = () => buf;
  return w;
}

async function timbre(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await main(argv, out, err);
  return { code, out: out.text(), err: err.text() };
}

describe("timbre courier …", () => {
  let tdb: TestDatabase;
  let db: Db;
  const saved = { ...process.env };
  const key = generateSecretKey();
  let storeId: string;
  let companyId: string;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    Object.assign(process.env, {
      DATABASE_URL: tdb.url,
      TIMBRE_SECRET_KEY: key,
      TIMBRE_DATA_DIR: mkdtempSync(join(tmpdir(), "timbre-cli-")),
      TIMBRE_PUBLIC_URL: "https://hub.example.cl",
    });
    db = createPrismaClient(tdb.url);
    const seeded = await seedCompany(db, createEncryptor(parseSecretKey(key)));
    storeId = seeded.store.id;
    companyId = seeded.company.id;
  });
  afterAll(async () => {
    process.env = saved;
    await db.$disconnect();
    await tdb.close();
  });

  it("defines zones with their rates, from names or codes", async () => {
    const z = await timbre(
      "courier",
      "zones",
      "set",
      "--name",
      "Oriente",
      "--comunas",
      "Providencia,Las Condes,13120",
      "--flat",
      "3990",
      "--free-from",
      "40000",
      "--commission",
      "40%",
    );
    expect(z.err).toBe("");
    expect(z.out).toContain("Zona creada: Oriente: 3 comunas");
    const bad = await timbre(
      "courier",
      "zones",
      "set",
      "--name",
      "X",
      "--comunas",
      "Mordor",
      "--flat",
      "1",
      "--commission",
      "1",
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("Mordor");
    expect(
      (await timbre("courier", "zones", "set", "--name", "X", "--comunas", "Santiago", "--commission", "1")).code,
    ).toBe(2);
    expect((await timbre("courier", "zones")).out).toContain("Oriente: Providencia, Las Condes, Ñuñoa");
    const rates = await timbre(
      "courier",
      "rates",
      "set",
      "--zone",
      "Oriente",
      "--bands",
      "1000:2990,5000:4990",
      "--commission",
      "1500",
    );
    expect(rates.code).toBe(0);
    const list = await timbre("courier", "rates");
    expect(list.out).toContain("≤1000 g $2.990, ≤5000 g $4.990");
    expect(list.out).toContain("comisión $1.500");
  });

  it("adds, changes and lists couriers, and prints a sign-in link", async () => {
    const c = await timbre(
      "courier",
      "create",
      "--name",
      "Pedro Soto",
      "--phone",
      "9 1111 2222",
      "--capacity",
      "8",
      "--zones",
      "Oriente",
      "--pin",
      "1234",
      "--json",
    );
    expect(c.code).toBe(0);
    const id = (JSON.parse(c.out) as { courier: { id: string } }).courier.id;
    expect((await timbre("courier", "update", "+56911112222", "--capacity", "12")).out).toContain("12 por día");
    expect((await timbre("courier", "list")).out).toMatch(
      new RegExp(`${id}\\s+Pedro Soto\\s+\\+56911112222\\s+12/día\\s+Oriente`),
    );
    const link = await timbre("courier", "link", id);
    expect(link.out).toMatch(/^https:\/\/hub\.example\.cl\/courier\/l\/\S+/);
  });

  it("maps shipping methods, lists deliveries and prints the settlement as CSV", async () => {
    expect(
      (await timbre("courier", "methods", "set", "--store", storeId, "--method", "*", "--mode", "own_courier")).code,
    ).toBe(0);
    expect((await timbre("courier", "methods", "--store", storeId)).out).toContain("own_courier");
    expect(
      (await timbre("courier", "settings", "--rule", "least_loaded", "--require", "photo,receiverName,signature")).out,
    ).toContain("Prueba de entrega exigida: foto, nombre de quien recibe, firma");
    const o = await order(db, { id: storeId }, companyId, "CLI1");
    const d = (await createDelivery(db, o.id, { recipient: recipient("Las Condes"), weightGrams: 800 }, "test"))
      .delivery;
    const listed = await timbre("courier", "deliveries", "--state", "assigned");
    expect(listed.out).toContain(d.code);
    expect(listed.out).toContain("repartidor Pedro Soto, zona Oriente, tarifa $2.990, comisión $1.500");
    await completeDelivery(
      db,
      companyId,
      {
        deliveryId: d.id,
        proof: {
          clientId: "x",
          receiverName: "Ana",
          photo: FAKE_JPEG,
          signature: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        },
      },
      "test",
    );
    const day = serviceDay(new Date());
    const csv = await timbre("courier", "settlement", "--from", day, "--to", day, "--csv");
    expect(csv.out.split("\r\n")[0]).toBe("repartidor,entrega,pedido,entregada,comuna,zona,tarifa_clp,comision_clp");
    expect(csv.out).toContain(`Pedro Soto,${d.code},#CLI1,`);
    expect(csv.out).toContain("TOTAL Pedro Soto,1 entregas,,,,,2990,1500");
    expect((await timbre("courier", "settlement", "--from", day, "--to", day)).out).toContain("Pedro Soto");
    expect((await timbre("courier", "settlement", "--from", "2026-13-01", "--to", day)).code).toBe(2);
  });

  it("creates, starts, fails, re-assigns and closes deliveries from the command line", async () => {
    await order(db, { id: storeId }, companyId, "CLI2");
    const made = await timbre(
      "courier",
      "deliveries",
      "create",
      "--store",
      storeId,
      "--order",
      "CLI2",
      "--name",
      "Luis Rojas",
      "--line1",
      "Irarrázaval 3000",
      "--comuna",
      "Ñuñoa",
      "--weight",
      "900",
      "--json",
    );
    expect(made.err).toBe("");
    const { delivery, created } = JSON.parse(made.out) as {
      delivery: { id: string; code: string; state: string; courier: { name: string } };
      created: boolean;
    };
    expect(created).toBe(true);
    expect(delivery).toMatchObject({ state: "assigned", courier: { name: "Pedro Soto" } });
    // Asking again gives the same delivery; a bad address names the field; an unknown order is "not found".
    expect(
      (
        await timbre(
          "courier",
          "deliveries",
          "create",
          "--store",
          storeId,
          "--order",
          "CLI2",
          "--name",
          "Luis",
          "--line1",
          "X 1",
          "--comuna",
          "Ñuñoa",
        )
      ).out,
    ).toContain(`ya existía: ${delivery.code}`);
    expect(
      (
        await timbre(
          "courier",
          "deliveries",
          "create",
          "--store",
          storeId,
          "--order",
          "nope",
          "--name",
          "L",
          "--line1",
          "X 1",
          "--comuna",
          "Ñuñoa",
        )
      ).code,
    ).toBe(1);

    expect((await timbre("courier", "deliveries", "start", delivery.code)).out).toBe(
      `${delivery.code}: en camino (Pedro Soto), pedido #CLI2, tarifa $2.990\n`,
    );
    expect((await timbre("courier", "deliveries", "fail", delivery.code, "--reason", "  ")).code).not.toBe(0);
    expect(
      (await timbre("courier", "deliveries", "fail", delivery.code, "--reason", "Nadie en el domicilio")).out,
    ).toContain("fallida");
    expect((await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).failureReason).toBe(
      "Nadie en el domicilio",
    );
    expect((await timbre("courier", "deliveries", "assign", delivery.code)).out).toContain("asignado a Pedro Soto");
    // An own courier's delivery needs the photo from the phone: the CLI cannot close it blind.
    const blind = await timbre("courier", "deliveries", "deliver", delivery.code, "--receiver", "Luis");
    expect(blind.code).toBe(1);
    expect(blind.err).toContain("Falta: foto");

    // A carrier's parcel: shipped with its tracking number, then delivered.
    expect(
      (
        await timbre(
          "courier",
          "methods",
          "set",
          "--store",
          storeId,
          "--method",
          "Starken",
          "--mode",
          "carrier",
          "--carrier",
          "starken",
        )
      ).code,
    ).toBe(0);
    await order(db, { id: storeId }, companyId, "CLI3", { shipping: { name: "Starken", price: 4500 } });
    const viaCarrier = JSON.parse(
      (
        await timbre(
          "courier",
          "deliveries",
          "create",
          "--store",
          storeId,
          "--order",
          "CLI3",
          "--name",
          "Eva",
          "--line1",
          "Prat 10",
          "--comuna",
          "Valparaíso",
          "--json",
        )
      ).out,
    ) as { delivery: { code: string; mode: string } };
    expect(viaCarrier.delivery.mode).toBe("carrier");
    expect(
      (await timbre("courier", "deliveries", "ship", viaCarrier.delivery.code, "--tracking", "SK123456")).out,
    ).toContain("en camino (starken SK123456)");
    expect((await timbre("courier", "deliveries", "deliver", viaCarrier.delivery.code, "--json")).out).toContain(
      '"state": "delivered"',
    );
    expect((await timbre("courier", "deliveries", "--state", "delivered")).out).toContain(viaCarrier.delivery.code);
  });
});
