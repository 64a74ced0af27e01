import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ParsedArgs } from "../../src/cli/command.js";
import { dteIssue } from "../../src/cli/commands/dte-issue.js";
import { dteVerify } from "../../src/cli/commands/dte-verify.js";
import { TimbreError } from "../../src/errors.js";
import { createCafAuthority, createTestCaf, createTestCertificate } from "../../src/testing/certs.js";

const dir = mkdtempSync(join(tmpdir(), "timbre-dte-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const authority = createCafAuthority();
// The CLI stamps with the current date: the CAFs must be valid today, whenever the tests run.
const today = new Date().toISOString().slice(0, 10);
const authorizedOn = new Date(Date.now() - 2 * 24 * 3600 * 1000).toISOString().slice(0, 10);
const cert = createTestCertificate({ rut: "11111111-1", password: "secreto" });
const files = {
  caf39: join(dir, "caf39.xml"),
  caf33: join(dir, "caf33.xml"),
  pfx: join(dir, "cert.p12"),
  key: join(dir, "key.pem"),
  cert: join(dir, "cert.pem"),
  request: join(dir, "req.json"),
  factura: join(dir, "factura.json"),
};
writeFileSync(
  files.caf39,
  Buffer.from(createTestCaf({ rut: "76192083-9", type: 39, from: 10, to: 50, authorizedOn, authority }).xml, "latin1"),
);
writeFileSync(
  files.caf33,
  Buffer.from(createTestCaf({ rut: "76192083-9", type: 33, from: 1, to: 5, authorizedOn, authority }).xml, "latin1"),
);
writeFileSync(files.pfx, cert.pfx);
writeFileSync(files.key, cert.keyPem);
writeFileSync(files.cert, cert.certPem);
const issuer = {
  rut: "76192083-9",
  name: "SASCO SpA",
  activity: "Venta por internet",
  acteco: [479100],
  address: "Av. Providencia 123",
  commune: "Providencia",
  city: "Santiago",
  resolution: { number: 0, date: "2026-01-15" },
};
writeFileSync(
  files.request,
  JSON.stringify({
    type: 39,
    issueDate: today,
    issuer,
    receiver: { rut: "66666666-6" },
    lines: [{ name: "Café ☕", quantity: 2, unitPrice: 1500, discount: { amount: 100 }, unit: "Kg", code: "SKU-1" }],
    globalDiscount: { percent: 5 },
  }),
);
writeFileSync(
  files.factura,
  JSON.stringify({
    type: 33,
    issueDate: today,
    issuer,
    receiver: { rut: "77777777-7", name: "Cliente SpA", activity: "Comercio", address: "Calle 1", commune: "Santiago" },
    lines: [{ name: "Servicio", quantity: 1, unitPrice: 10000 }],
  }),
);

const args = (values: ParsedArgs["values"], positionals: string[] = []): ParsedArgs => ({ values, positionals });
const io = () => {
  const lines: string[] = [];
  return { err: (l: string) => lines.push(l), lines };
};

describe("timbre dte issue / dte verify", () => {
  it("issues a boleta from a PFX: dte.xml, envio.xml, dte.pdf and the totals", async () => {
    const out = join(dir, "out1");
    const sink = io();
    const result = await dteIssue.run(
      args({ request: files.request, caf: files.caf39, pfx: files.pfx, password: "secreto", out }),
      sink,
    );
    expect(result.json).toEqual({ type: 39, folio: 10, totals: { net: 2315, exempt: 0, iva: 440, total: 2755 } });
    expect(sink.lines.join("\n")).toContain("lines.0.name");
    const envio = readFileSync(join(out, "envio.xml"), "latin1");
    expect(envio).toContain("<RutReceptor>60803000-K</RutReceptor>");
    expect(envio).toContain("<RutEnvia>11111111-1</RutEnvia>");
    expect(envio.startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>\n<EnvioBOLETA ')).toBe(true);
    expect(readFileSync(join(out, "dte.pdf")).subarray(0, 5).toString()).toBe("%PDF-");
    const verified = await dteVerify.run(args({ caf: files.caf39 }, [join(out, "envio.xml")]), io());
    expect(verified.json).toMatchObject({ ok: true, kind: "EnvioBOLETA" });
    expect((await dteVerify.run(args({}, [join(out, "dte.xml")]), io())).json).toMatchObject({ ok: true, kind: "DTE" });
  });

  it("checks the CAF's FRMA with --sii-key", async () => {
    const keyFile = join(dir, "sii.pem");
    writeFileSync(keyFile, authority.publicKeyPem);
    const out = join(dir, "out3");
    await dteIssue.run(
      args({
        request: files.request,
        caf: files.caf39,
        pfx: files.pfx,
        password: "secreto",
        folio: "11",
        "sii-key": keyFile,
        out,
      }),
      io(),
    );
    expect((await dteVerify.run(args({ "sii-key": keyFile }, [join(out, "envio.xml")]), io())).json).toMatchObject({
      ok: true,
    });
    const wrongKey = join(dir, "wrong.pem");
    writeFileSync(wrongKey, createCafAuthority().publicKeyPem);
    await expect(
      dteIssue.run(
        args({
          request: files.request,
          caf: files.caf39,
          pfx: files.pfx,
          password: "secreto",
          "sii-key": wrongKey,
          out,
        }),
        io(),
      ),
    ).rejects.toMatchObject({ code: "caf.signature_invalid" });
    await expect(dteVerify.run(args({ "sii-key": wrongKey }, [join(out, "envio.xml")]), io())).rejects.toMatchObject({
      fields: [expect.objectContaining({ field: "T39F11.caf.signature" })],
    });
  });

  it("issues a factura from PEM key and certificate, with --folio", async () => {
    const out = join(dir, "out2");
    const result = await dteIssue.run(
      args({ request: files.factura, caf: files.caf33, key: files.key, cert: files.cert, folio: "3", out }),
      io(),
    );
    expect(result.json).toEqual({ type: 33, folio: 3, totals: { net: 10000, exempt: 0, iva: 1900, total: 11900 } });
    expect(readFileSync(join(out, "envio.xml"), "latin1")).toContain("<EnvioDTE ");
  });

  it("names the field of a bad request and the rule a CAF breaks", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ type: 39, issueDate: today, issuer, lines: [{ name: "x", unitPrice: -1 }] }));
    await expect(
      dteIssue.run(
        args({ request: bad, caf: files.caf39, pfx: files.pfx, password: "secreto", out: join(dir, "x") }),
        io(),
      ),
    ).rejects.toMatchObject({
      fields: [expect.objectContaining({ field: "lines.0.unitPrice" })],
    });
    await expect(
      dteIssue.run(
        args({ request: files.request, caf: files.caf33, pfx: files.pfx, password: "secreto", out: join(dir, "x") }),
        io(),
      ),
    ).rejects.toMatchObject({ code: "caf.type_mismatch" });
    await expect(
      dteIssue.run(
        args({ request: files.request, caf: files.caf39, pfx: files.pfx, password: "mal", out: join(dir, "x") }),
        io(),
      ),
    ).rejects.toMatchObject({ code: "certificate.password" });
  });

  it("verify fails with one field per failed check", async () => {
    const out = join(dir, "out1");
    const tampered = join(dir, "tampered.xml");
    writeFileSync(
      tampered,
      readFileSync(join(out, "envio.xml"), "latin1").replace("<MntTotal>2755</MntTotal>", "<MntTotal>2756</MntTotal>"),
      "latin1",
    );
    try {
      await dteVerify.run(args({}, [tampered]), io());
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TimbreError);
      expect((e as TimbreError).fields.map((f) => f.field)).toEqual([
        "T39F10.signature",
        "T39F10.ted",
        "T39F10.totals",
        "envelope.signature",
      ]);
    }
  });

  it("verify accepts a real SII-accepted nota de crédito and warns about its unsigned vendor element", async () => {
    const real = join(import.meta.dirname, "../fixtures/sii/DTE--96670340-7--61--110616.xml");
    const sink = io();
    const result = await dteVerify.run(args({}, [real]), sink);
    expect(result.json).toMatchObject({ ok: true, kind: "DTE", documents: [{ type: 61, folio: 110616 }] });
    expect(result.text).toContain("válido");
    expect(sink.lines.join("\n")).toMatch(/^aviso: .*DocPersonalizado/);
  });
});
