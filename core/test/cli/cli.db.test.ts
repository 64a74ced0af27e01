import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";

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

async function timbre(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await main(argv, out, err);
  return { code, out: out.text(), err: err.text() };
}

describe("timbre CLI", () => {
  let db: TestDatabase;
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await db.close();
  });

  it("lists its commands with --help and exits 0", async () => {
    const r = await timbre("--help");
    expect(r.code).toBe(0);
    for (const c of ["db migrate", "company show", "company set"]) expect(r.out).toContain(c);
  });

  it("rejects an unknown command or flag with exit code 2 and the usage", async () => {
    expect((await timbre("frobnicate")).code).toBe(2);
    const r = await timbre("company", "show", "--colour");
    expect(r.code).toBe(2);
    expect(r.err).toContain("no existe la opción --colour");
    expect(r.err).toContain("Uso: timbre company show");
  });

  it("migrates, reporting that the database is up to date", async () => {
    const r = await timbre("db", "migrate", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      applied: [],
      alreadyApplied: expect.arrayContaining([expect.stringMatching(/foundation$/)]),
    });
  });

  it("explains what to do when there is no company yet", async () => {
    const r = await timbre("company", "show");
    expect(r.code).toBe(1);
    expect(r.err).toContain("timbre company set");
  });

  it("creates the company from what people type, then shows and updates it", async () => {
    const created = await timbre(
      "company",
      "set",
      "--rut",
      "76.192.083-9",
      "--name",
      "Ferretería Ñuñoa SpA",
      "--activity",
      "Venta de artículos de ferretería",
      "--acteco",
      "475201",
      "--acteco",
      "479100",
      "--address",
      "Irarrázaval 3450",
      "--commune",
      "Ñuñoa",
      "--city",
      "Santiago",
      "--resolution-number",
      "80",
      "--resolution-date",
      "2014-08-22",
      "--json",
    );
    expect(created.code, created.err).toBe(0);
    expect(JSON.parse(created.out)).toMatchObject({
      created: true,
      rut: "76192083-9",
      businessName: "Ferretería Ñuñoa SpA",
      actecos: [475201, 479100],
      resolution: { number: 80, date: "2014-08-22" },
      environment: "certification",
    });

    const updated = await timbre("company", "set", "--rut", "761920839", "--environment", "production", "--json");
    expect(updated.code, updated.err).toBe(0);
    expect(JSON.parse(updated.out)).toMatchObject({ created: false, environment: "production", commune: "Ñuñoa" });

    const shown = await timbre("company", "show");
    expect(shown.code).toBe(0);
    expect(shown.out).toContain("Ferretería Ñuñoa SpA (76192083-9)");
    expect(shown.out).toContain("producción");
  });

  it("refuses a wrong check digit, naming the field, and changes nothing", async () => {
    const r = await timbre("company", "set", "--rut", "76192083-0", "--name", "X", "--json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).error.fields).toEqual([expect.objectContaining({ field: "rut" })]);
  });

  it("refuses to create a company with fields missing, listing them", async () => {
    const r = await timbre("company", "set", "--rut", "66666666-6", "--name", "Incompleta", "--json");
    expect(r.code).toBe(1);
    const fields = JSON.parse(r.out).error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(["activity", "actecos", "address", "commune"]);
  });

  it("rejects values the SII schema would not take", async () => {
    const r = await timbre(
      "company",
      "set",
      "--rut",
      "76192083-9",
      "--commune",
      "X".repeat(21),
      "--environment",
      "sandbox",
      "--json",
    );
    expect(r.code).toBe(1);
    const fields = JSON.parse(r.out).error.fields.map((f: { field: string }) => f.field);
    expect(fields.sort()).toEqual(["commune", "environment"]);
  });

  it("lists folios left per type, and says how to load a CAF when there is none", async () => {
    const json = await timbre("caf", "list", "--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ stock: [], warnings: [], threshold: expect.any(Number) });
    const text = await timbre("caf", "list");
    expect(text.out).toContain("timbre caf load");
  });
});
