import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { crc32, deflateSync, inflateSync } from "node:zlib";
import type * as PdfJs from "pdfjs-dist/legacy/build/pdf.mjs";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import { parseCaf } from "../../src/rules/dte/caf.js";
import { readDte } from "../../src/rules/dte/dte-reader.js";
import { issueDte } from "../../src/rules/dte/issue.js";
import {
  ACUSE_DE_RECIBO_LEGEND,
  CERTIFICATION_NOTICE,
  renderPdf,
  tedBarcodeMatrix,
  type BarcodeMatrix,
  type Paper,
} from "../../src/rules/dte/pdf.js";
import type { DteRequestInput } from "../../src/rules/dte/request.js";
import { extractTed, verifyTed } from "../../src/rules/dte/ted.js";
import type { DteType } from "../../src/rules/dte/types.js";
import { fixture, ISSUER, keys, requestFor, TIMESTAMP } from "../support/sii-fixtures.js";

/**
 * The printed documents, read back the way a viewer does (pdf.js: every text run with its position)
 * and the timbre decoded from the rectangles the page draws. Layout tests use the longest value the
 * schema allows in every field, on both papers, for each type a store issues.
 */

const require = createRequire(import.meta.url);
let pdfjs: typeof PdfJs;

beforeAll(async () => {
  const wasm = readFileSync(require.resolve("zxing-wasm/reader/zxing_reader.wasm"));
  prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer },
    fireImmediately: true,
  });
  pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
});

interface TextRun {
  page: number;
  text: string;
  x: number;
  /** Top of the run, from the top of the page. */
  top: number;
  width: number;
  height: number;
}

interface ReadPdf {
  pages: Array<{ width: number; height: number }>;
  runs: TextRun[];
  text: string;
}

async function readPdf(pdf: Buffer): Promise<ReadPdf> {
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(pdf),
    standardFontDataUrl: `${require.resolve("pdfjs-dist/package.json").replace(/package\.json$/, "")}standard_fonts/`,
    verbosity: 0,
  }).promise;
  const pages: ReadPdf["pages"] = [];
  const runs: TextRun[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    pages.push({ width, height });
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!("str" in item) || item.str.trim() === "") continue;
      const size = Math.abs(item.transform[3] as number);
      runs.push({
        page: n,
        text: item.str,
        x: item.transform[4] as number,
        top: height - (item.transform[5] as number) - size * 0.75,
        width: item.width,
        height: size * 0.95,
      });
    }
  }
  await doc.destroy();
  return { pages, runs, text: runs.map((r) => r.text).join("\n") };
}

/** The filled rectangles of the timbre (the one fill with hundreds of rectangles), per page. */
function barcodeRects(pdf: Buffer): Array<Array<[number, number, number, number]>> {
  const out: Array<Array<[number, number, number, number]>> = [];
  const raw = pdf.toString("latin1");
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1]!, "latin1")).toString("latin1");
    } catch {
      continue;
    }
    let group: Array<[number, number, number, number]> = [];
    for (const op of content.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re|\b(f|S|B|b|n)\b/g)) {
      if (op[1] !== undefined) group.push([Number(op[1]), Number(op[2]), Number(op[3]), Number(op[4])]);
      else {
        if (op[5] === "f" && group.length > 100) out.push(group);
        group = [];
      }
    }
  }
  return out;
}

/** A grayscale PNG of the rectangles, `scale` pixels per point, with a quiet zone. */
function rasterize(rects: Array<[number, number, number, number]>, scale: number): Buffer {
  const minX = Math.min(...rects.map((r) => r[0]));
  const minY = Math.min(...rects.map((r) => r[1]));
  const maxX = Math.max(...rects.map((r) => r[0] + r[2]));
  const maxY = Math.max(...rects.map((r) => r[1] + r[3]));
  const pad = 20;
  const w = Math.ceil((maxX - minX) * scale) + 2 * pad;
  const h = Math.ceil((maxY - minY) * scale) + 2 * pad;
  const pixels = Buffer.alloc((w + 1) * h, 255);
  for (let y = 0; y < h; y++) pixels[y * (w + 1)] = 0; // filter byte
  for (const [x, y, rw, rh] of rects) {
    const x0 = Math.round((x - minX) * scale) + pad;
    const x1 = Math.round((x + rw - minX) * scale) + pad;
    const y0 = Math.round((y - minY) * scale) + pad;
    const y1 = Math.round((y + rh - minY) * scale) + pad;
    for (let py = y0; py < y1; py++) pixels.fill(0, py * (w + 1) + 1 + x0, py * (w + 1) + 1 + x1);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function matrixRects(m: BarcodeMatrix): Array<[number, number, number, number]> {
  const rects: Array<[number, number, number, number]> = [];
  m.rows.forEach((row, r) => row.forEach((dark, c) => dark && rects.push([c, r * m.rowHeight, 1, m.rowHeight])));
  return rects;
}

async function decodePdf417(png: Buffer): Promise<Buffer> {
  const [result] = await readBarcodes(new Uint8Array(png), { formats: ["PDF417"], tryHarder: true });
  expect(result?.format).toBe("PDF417");
  return Buffer.from(result!.bytes);
}

const overlaps = (a: TextRun, b: TextRun) =>
  a.page === b.page &&
  a.x < b.x + b.width - 0.5 &&
  b.x < a.x + a.width - 0.5 &&
  a.top < b.top + b.height - 0.5 &&
  b.top < a.top + a.height - 0.5;

/** Every run inside the page's margins and no two runs over each other. */
function expectClean(read: ReadPdf, margin: number) {
  for (const r of read.runs) {
    const page = read.pages[r.page - 1]!;
    expect(r.x, `"${r.text}" starts left of the margin`).toBeGreaterThanOrEqual(margin - 1);
    expect(r.x + r.width, `"${r.text}" runs past the right margin`).toBeLessThanOrEqual(page.width - margin + 1);
    expect(r.top, `"${r.text}" above the page`).toBeGreaterThanOrEqual(0);
    expect(r.top + r.height, `"${r.text}" below the page`).toBeLessThanOrEqual(page.height);
  }
  const clashes: string[] = [];
  const byPage = new Map<number, TextRun[]>();
  for (const r of read.runs) byPage.set(r.page, [...(byPage.get(r.page) ?? []), r]);
  for (const runs of byPage.values()) {
    runs.sort((a, b) => a.top - b.top);
    for (let i = 0; i < runs.length; i++) {
      for (let j = i + 1; j < runs.length && runs[j]!.top < runs[i]!.top + runs[i]!.height; j++) {
        if (overlaps(runs[i]!, runs[j]!)) clashes.push(`"${runs[i]!.text}" × "${runs[j]!.text}"`);
      }
    }
  }
  expect(clashes).toEqual([]);
}

// ---- the longest values the schema allows ----------------------------------------------------

const W = (n: number, s = "W") => s.repeat(Math.ceil(n / s.length)).slice(0, n);
const LONG_ISSUER = {
  ...ISSUER,
  name: W(100, "EMPRESA MUY LARGA ÑANDÚ "),
  activity: W(80, "VENTA AL POR MENOR "),
  address: W(70, "AVENIDA LIBERTADOR BERNARDO O'HIGGINS "),
  commune: W(20, "PEDRO AGUIRRE CERDA "),
  city: W(20, "SAN PEDRO DE LA PAZ "),
};
const LONG_RECEIVER = {
  rut: "77777777-7",
  name: W(100, "COMERCIALIZADORA E IMPORTADORA "),
  activity: W(40, "FERRETERIA "),
  address: W(70, "CALLE ESTADO "),
  commune: W(20, "ESTACION CENTRAL "),
  city: W(20, "PUERTO NATALES "),
  email: `${W(60, "compras")}@ejemplo.cl`,
  contact: W(80, "Juana Pérez "),
};

function longLines(exempt: boolean) {
  return Array.from({ length: 60 }, (_, i) => ({
    // Codes have no spaces to break at: they must still wrap inside their cell.
    code: i === 0 ? "CAFE-ORIGEN-250" : W(35, i % 2 ? "W" : "CAFE-ORIGEN-250-"),
    name: W(80, `Producto ${i + 1} con nombre largo `),
    ...(i < 3 ? { description: W(1000, "Descripción detallada del artículo ") } : {}),
    quantity: i === 1 ? 999_999.123456 : 1,
    unit: "UNID",
    unitPrice: i === 1 ? 999_999.999999 : 12_345_678,
    ...(i === 2 ? { discount: { percent: 12.5 } } : {}),
    ...(exempt ? { exempt: true } : {}),
  }));
}

function longRequest(type: DteType): DteRequestInput {
  const base = { type, issueDate: "2026-11-20", issuer: LONG_ISSUER, lines: longLines(type === 34 || type === 41) };
  if (type === 39 || type === 41) return { ...base, receiver: LONG_RECEIVER };
  if (type === 61)
    return {
      ...base,
      receiver: LONG_RECEIVER,
      references: Array.from({ length: 40 }, (_, i) => ({
        type: 33,
        folio: 999_999_999 - i,
        date: "2026-11-19",
        code: 3,
        reason: W(90, "Devolución parcial de mercadería "),
      })),
    };
  return { ...base, receiver: LONG_RECEIVER, globalDiscount: { percent: 5 } };
}

const stamp = (request: DteRequestInput): string =>
  issueDte({ request, caf: keys().caf(request.type), certificate: keys().signing, folio: 7, timestamp: TIMESTAMP })
    .signedDte;

const OPTIONS = { resolution: { number: 80, date: "2014-08-22" }, siiOffice: "S.I.I. - SANTIAGO ORIENTE" };

describe("printed representation: layout with the longest values", () => {
  const cases: Array<[DteType, Paper]> = [];
  for (const type of [39, 41, 33, 34, 61] as const)
    for (const paper of ["receipt", "letter"] as const) cases.push([type, paper]);

  it.each(cases)(
    "type %i on %s paper: nothing overflows or overlaps, every SII element is there",
    async (type, paper) => {
      const dte = stamp(longRequest(type));
      const pdf = await renderPdf(dte, { ...OPTIONS, paper, cedible: true });
      const read = await readPdf(pdf);
      expectClean(read, paper === "receipt" ? 4 * (72 / 25.4) : 36);
      for (const p of read.pages)
        if (paper === "letter") expect(p).toEqual({ width: 612, height: 792 });
        else expect(p.width).toBeCloseTo(226.77, 1);
      const d = readDte(dte);
      const text = read.text.replace(/\n/g, " ");
      for (const s of [
        "R.U.T.: 76.192.083-9",
        d.type === 39 ? "BOLETA ELECTRÓNICA" : d.type === 61 ? "NOTA DE CRÉDITO ELECTRÓNICA" : "ELECTRÓNICA",
        "N° 7",
        "S.I.I. - SANTIAGO ORIENTE",
        "Timbre Electrónico SII",
        "Res. N° 80 de 2014",
        "Verifique documento: www.sii.cl",
        CERTIFICATION_NOTICE,
      ])
        expect(text).toContain(s);
      // The receptor's comuna and city are printed in full (they may wrap, never be cut).
      const squeezed = text.replace(/\s+/g, "");
      expect(squeezed).toContain(LONG_RECEIVER.commune.replace(/\s+/g, ""));
      expect(squeezed).toContain(LONG_RECEIVER.city.replace(/\s+/g, ""));
      // Every line's code, wrapped or not, is printed whole.
      for (const l of d.lines) expect(squeezed).toContain(l.code!.replace(/\s+/g, ""));
      if (type === 61) expect(read.runs.filter((r) => r.text.includes("Corrige montos"))).toHaveLength(40);
      const factura = type === 33 || type === 34;
      // Only facturas have a CEDIBLE copy, and it starts on a page of its own.
      const cedible = read.runs.filter((r) => r.text === "CEDIBLE");
      expect(cedible.length).toBe(factura ? 1 : 0);
      if (factura) {
        expect(cedible[0]!.page).toBeGreaterThan(1);
        const copyPages = read.runs.filter((r) => r.page >= cedible[0]!.page).map((r) => r.text);
        for (const f of ["Nombre:", "R.U.T.:", "Fecha:", "Recinto:", "Firma:"]) expect(copyPages).toContain(f);
        expect(squeezed).toContain(ACUSE_DE_RECIBO_LEGEND.replace(/\s+/g, ""));
      }
      // The notice of no tax value is on every page.
      for (let n = 1; n <= read.pages.length; n++)
        expect(
          read.runs
            .filter((r) => r.page === n)
            .map((r) => r.text)
            .join(" "),
        ).toContain("SIN VALIDEZ TRIBUTARIA");
    },
  );
});

describe("printed representation: the timbre", () => {
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

  it("the PDF417 matrix carries the flattened TED as ISO-8859-1 bytes, and it still verifies", async () => {
    const ted = extractTed(boleta.signedDte)!;
    const bytes = await decodePdf417(rasterize(matrixRects(tedBarcodeMatrix(ted.ted)), 3));
    expect(bytes.equals(Buffer.from(ted.ted, "latin1"))).toBe(true);
    expect(verifyTed(extractTed(bytes.toString("latin1"))!, keys().caf(39).publicKey)).toBe(true);
  });

  it("encodes SII's example TED readably", async () => {
    const vector = JSON.parse(fixture("ted-ejemplo-sii-F27T33.json").toString("utf8")) as { ted_xml: string };
    const png = rasterize(matrixRects(tedBarcodeMatrix(vector.ted_xml)), 3);
    expect((await decodePdf417(png)).toString("latin1")).toBe(vector.ted_xml);
  });

  it.each(["receipt", "letter"] as const)(
    "on %s paper the page draws it as vectors at the SII's size, and what it draws decodes to the TED",
    async (paper) => {
      const pdf = await renderPdf(boleta.signedDte, { ...OPTIONS, paper });
      expect(pdf.toString("latin1")).not.toContain("/Subtype /Image");
      const [rects] = barcodeRects(pdf);
      const width = Math.max(...rects!.map((r) => r[0] + r[2])) - Math.min(...rects!.map((r) => r[0]));
      const height = Math.max(...rects!.map((r) => r[1] + r[3])) - Math.min(...rects!.map((r) => r[1]));
      const mm = 72 / 25.4;
      expect(height).toBeGreaterThanOrEqual(20 * mm - 0.01);
      expect(width).toBeGreaterThanOrEqual((paper === "receipt" ? 45 : 50) * mm);
      const bytes = await decodePdf417(rasterize(rects!, 6));
      expect(bytes.toString("latin1")).toBe(extractTed(boleta.signedDte)!.ted);
    },
  );
});

describe("printed representation: content", () => {
  it("a boleta on an 80 mm receipt with the receptor, totals and IVA", async () => {
    const boleta = stamp({
      ...requestFor(39),
      lines: [{ name: 'Cañería ½" & "codo" ñandú', quantity: 2, unitPrice: 1500 }],
      receiver: { rut: "12.345.678-5", name: "Juan Pérez", commune: "Ñuñoa", city: "Santiago" },
    });
    const read = await readPdf(await renderPdf(boleta, { resolution: ISSUER.resolution }));
    expect(read.pages).toHaveLength(1);
    expect(read.pages[0]!.height).toBeGreaterThan(300);
    for (const s of [
      'Cañería ½" & "codo" ñandú',
      "Señor(es): Juan Pérez",
      "R.U.T.: 12.345.678-5",
      "Comuna: Ñuñoa",
      "Ciudad: Santiago",
      "$ 3.000",
      "El IVA de esta boleta es $ 479",
      "Res. N° 0 de 2026",
    ])
      expect(read.text).toContain(s);
  });

  it("a nota de crédito lists its references; no CEDIBLE copy even when asked", async () => {
    const note = stamp(requestFor(61));
    const read = await readPdf(await renderPdf(note, { ...OPTIONS, cedible: true }));
    expect(read.pages).toHaveLength(1);
    expect(read.text).toContain(
      "FACTURA ELECTRÓNICA · N° 12 · del 19-11-2026 · Corrige montos · Devolución de mercadería",
    );
    expect(read.text).not.toContain("CEDIBLE");
  });

  it("a factura without the CEDIBLE setting is one copy", async () => {
    const read = await readPdf(await renderPdf(stamp(requestFor(33)), OPTIONS));
    expect(read.pages).toHaveLength(1);
    expect(read.text).not.toContain("CEDIBLE");
  });

  it("the no-tax-value notice: any text asked for, or none for production documents", async () => {
    const dte = stamp(requestFor(33));
    const demo = await readPdf(await renderPdf(dte, { ...OPTIONS, noTaxValue: "DOCUMENTO DE PRUEBA" }));
    expect(demo.text).toContain("DOCUMENTO DE PRUEBA");
    expect((await readPdf(await renderPdf(dte, { ...OPTIONS, noTaxValue: false }))).text).not.toContain("VALIDEZ");
  });

  it("prints any issuer's document, e.g. a real factura (production CAF: no notice)", async () => {
    const read = await readPdf(
      await renderPdf(fixture("DTE--76354771-K--33--170.xml"), { resolution: { number: 80, date: "2014-08-22" } }),
    );
    expect(read.text).toContain("INGENIERIA ENACON SPA");
    expect(read.text).not.toContain("SIN VALIDEZ");
  });

  it("refuses a document without a TED", async () => {
    const caf = parseCaf(fixture("CAF-TEST-T39-97975000-5-F1-100.xml"));
    await expect(renderPdf(caf.cafXml.replace("CAF", "DTE"), { resolution: ISSUER.resolution })).rejects.toThrow();
  });
});
