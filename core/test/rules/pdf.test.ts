import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { inflateSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import { parseCaf } from "../../src/rules/dte/caf.js";
import { readDte } from "../../src/rules/dte/dte-reader.js";
import { issueDte } from "../../src/rules/dte/issue.js";
import { renderPdf, tedBarcodePng } from "../../src/rules/dte/pdf.js";
import { extractTed, verifyTed } from "../../src/rules/dte/ted.js";
import { fixture, ISSUER, keys, requestFor, TIMESTAMP } from "../support/sii-fixtures.js";

/** The text pdfkit drew: inflate each content stream, join the hex strings of each TJ array. */
function pdfText(pdf: Buffer): string {
  const out: string[] = [];
  const raw = pdf.toString("latin1");
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1]!, "latin1")).toString("latin1");
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      out.push(
        [...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1]!, "hex").toString("latin1")).join(""),
      );
    }
  }
  return out.join("\n");
}

function pageSize(pdf: Buffer): number[] {
  return /\/MediaBox \[([^\]]+)\]/.exec(pdf.toString("latin1"))![1]!.trim().split(/\s+/).map(Number);
}

beforeAll(() => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve("zxing-wasm/reader/zxing_reader.wasm"));
  prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer },
    fireImmediately: true,
  });
});

async function decodePdf417(png: Buffer): Promise<Buffer> {
  const [result] = await readBarcodes(new Uint8Array(png), { formats: ["PDF417"], tryHarder: true });
  expect(result?.format).toBe("PDF417");
  return Buffer.from(result!.bytes);
}

describe("printed representation", () => {
  const boleta = issueDte({
    request: {
      ...requestFor(39),
      lines: [{ name: 'Cañería ½" & "codo" ñandú', quantity: 2, unitPrice: 1500 }],
      receiver: { rut: "12.345.678-5", name: "Juan Pérez" },
    },
    caf: keys().caf(39),
    certificate: keys().signing,
    folio: 42,
    timestamp: TIMESTAMP,
  });

  it("the PDF417 carries the flattened TED as ISO-8859-1 bytes, and it still verifies", async () => {
    const ted = extractTed(boleta.signedDte)!;
    const bytes = await decodePdf417(await tedBarcodePng(ted.ted));
    expect(bytes.equals(Buffer.from(ted.ted, "latin1"))).toBe(true);
    const back = extractTed(bytes.toString("latin1"))!;
    expect(verifyTed(back, keys().caf(39).publicKey)).toBe(true);
  });

  it("encodes SII's example TED readably", async () => {
    const vector = JSON.parse(fixture("ted-ejemplo-sii-F27T33.json").toString("utf8")) as { ted_xml: string };
    expect((await decodePdf417(await tedBarcodePng(vector.ted_xml))).toString("latin1")).toBe(vector.ted_xml);
  });

  it("prints a boleta on an 80 mm receipt with the timbre legends and totals", async () => {
    const pdf = await renderPdf(boleta.signedDte, { resolution: ISSUER.resolution, siiOffice: "S.I.I. - PROVIDENCIA" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const [, , width, height] = pageSize(pdf);
    expect(width).toBeCloseTo(226.77, 1);
    expect(height).toBeGreaterThan(300);
    const text = pdfText(pdf);
    for (const s of [
      "BOLETA ELECTRÓNICA",
      "N° 42",
      "R.U.T.: 76.192.083-9",
      "Timbre Electrónico SII",
      "Res. N° 0 de 2026",
      "Verifique documento: www.sii.cl",
      "S.I.I. - PROVIDENCIA",
      "$ 3.000",
      'Cañería ½" & "codo" ñandú',
      "Juan Pérez (12.345.678-5)",
    ]) {
      expect(text).toContain(s);
    }
  });

  it("prints facturas and notes on letter paper with references and totals", async () => {
    const note = issueDte({
      request: requestFor(61),
      caf: keys().caf(61),
      certificate: keys().signing,
      folio: 7,
      timestamp: TIMESTAMP,
    });
    const pdf = await renderPdf(note.signedDte, { resolution: { number: 80, date: "2014-08-22" }, cedible: true });
    expect(pageSize(pdf)).toEqual([0, 0, 612, 792]);
    const text = pdfText(pdf);
    for (const s of [
      "NOTA DE CRÉDITO ELECTRÓNICA",
      "N° 7",
      "EMPRESA DE PRUEBA LTDA",
      "FACTURA ELECTRÓNICA · N° 12 · del 19-11-2026 · Corrige montos · Devolución de mercadería",
      "IVA 19%",
      "$ 10.710",
      "Res. N° 80 de 2014",
      "CEDIBLE",
    ]) {
      expect(text).toContain(s);
    }
  });

  it("prints any issuer's document, e.g. a real factura", async () => {
    const pdf = await renderPdf(fixture("DTE--76354771-K--33--170.xml"), {
      resolution: { number: 80, date: "2014-08-22" },
    });
    expect(pdfText(pdf)).toContain("INGENIERIA ENACON SPA");
    expect(readDte(fixture("DTE--76354771-K--33--170.xml")).ted).toBeDefined();
  });

  it("continues long facturas on more pages", async () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({
      name: `Producto ${i + 1} con una descripción bastante larga para ocupar espacio`,
      description: "Detalle adicional",
      quantity: 1,
      unitPrice: 1000,
    }));
    const issued = issueDte({
      request: { ...requestFor(33), lines },
      caf: keys().caf(33),
      certificate: keys().signing,
      folio: 9,
      timestamp: TIMESTAMP,
    });
    const pdf = await renderPdf(issued.signedDte, { resolution: ISSUER.resolution });
    expect(pdf.toString("latin1").match(/\/Type \/Page\b/g)!.length).toBeGreaterThan(1);
  });

  it("refuses a document without a TED", async () => {
    const caf = parseCaf(fixture("CAF-TEST-T39-97975000-5-F1-100.xml"));
    await expect(renderPdf(caf.cafXml.replace("CAF", "DTE"), { resolution: ISSUER.resolution })).rejects.toThrow();
  });
});
