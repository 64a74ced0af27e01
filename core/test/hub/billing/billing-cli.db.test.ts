import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main.js";
import type { Hub } from "../../../src/hub/hub.js";
import { lastDayOfMonth, monthOf } from "../../../src/rules/billing/index.js";
import { createTestDatabase, type TestDatabase } from "../../../src/testing/test-database.js";
import { billingHub, company, ingestMany, store } from "./support.js";

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

describe("timbre uf import and timbre billing usage", () => {
  let tdb: TestDatabase;
  let hub: Hub;
  let rut: string;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, TIMBRE_DATA_DIR: process.env.TIMBRE_DATA_DIR };
  const month = monthOf(new Date());
  const dir = mkdtempSync(join(tmpdir(), "timbre-uf-"));
  beforeAll(async () => {
    tdb = await createTestDatabase();
    process.env.DATABASE_URL = tdb.url;
    process.env.TIMBRE_DATA_DIR = dir;
    hub = await billingHub(tdb);
    const c = await company(hub.db);
    rut = c.rut;
    const s = await store(hub.db, hub.encryptor, c.id, "woocommerce", "cli.cl");
    await ingestMany(hub.db, s, c.id, Array.from({ length: 55 }, (_, i) => `c${i}`));
    await company(hub.db);
  });
  afterAll(async () => {
    await hub.close();
    await tdb.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("loads the CMF's CSV (Excel's ; and decimal comma) and prices the month with it", async () => {
    const [y, m] = month.split("-");
    const last = lastDayOfMonth(month).slice(8);
    const file = join(dir, "uf.csv");
    writeFileSync(file, `Fecha;Valor\n01-${m}-${y};39.600,10\n${last}-${m}-${y};"39.643,59"\n`);
    const imported = await timbre("uf", "import", file, "--json");
    expect(imported.code, imported.err).toBe(0);
    expect(JSON.parse(imported.out)).toEqual({ imported: 2, from: `${y}-${m}-01`, to: lastDayOfMonth(month) });

    const usage = await timbre("billing", "usage", "--company", rut, "--month", month, "--json");
    expect(usage.code, usage.err).toBe(0);
    expect(JSON.parse(usage.out)).toMatchObject({
      month,
      ordersCounted: 55,
      uf: "0,25",
      ufValue: { date: lastDayOfMonth(month), value: "39.643,59" },
      clp: 9_911,
      provisional: true,
    });
    const text = await timbre("billing", "usage", "--company", rut, "--month", month);
    expect(text.out).toContain("Pedidos contados: 55");
    expect(text.out).toContain("0,25 UF");
    expect(text.out).toContain("$9.911");
  });

  it("a bad line loads nothing and names the line; a bad month is a sentence", async () => {
    const file = join(dir, "bad.csv");
    writeFileSync(file, "fecha,valor\n2026-11-30,39643.59\n2026-02-30,39000\n2026-11-29,abc\n");
    const before = await hub.db.ufValue.count();
    const r = await timbre("uf", "import", file);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("línea 3");
    expect(r.err).toContain("línea 4");
    // The good first line is not saved either: a file loads whole or not at all.
    expect(await hub.db.ufValue.count()).toBe(before);
    const m = await timbre("billing", "usage", "--company", rut, "--month", "2026-13");
    expect(m.code).toBe(2);
    expect(m.err).toContain("--month debe ser un mes AAAA-MM");
  });
});
