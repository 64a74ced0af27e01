import { describe, expect, it } from "vitest";
import { buildDte } from "../../src/rules/dte/builder.js";
import { parseCaf } from "../../src/rules/dte/caf.js";
import { dteBody } from "../../src/rules/dte/envelope.js";
import { extractTed, verifyTed } from "../../src/rules/dte/ted.js";
import { createTestCaf } from "../../src/testing/certs.js";
import { fixture, fixtureText, ISSUER, keys, requestFor, TIMESTAMP } from "../support/sii-fixtures.js";

const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
const section = (xml: string, name: string) => new RegExp(`<${name}[ >][\\s\\S]*?</${name}>`).exec(xml)?.[0];

const SII_TEST_ISSUER = {
  rut: "97975000-5",
  name: "RUT DE PRUEBA",
  activity: "Comercio electronico",
  address: "Teatinos 120",
  commune: "Santiago",
  city: "Santiago",
  resolution: { number: 0, date: "2025-01-02" },
};

describe("golden documents", () => {
  it('rebuilds the synthetic boleta (CASO-4 amounts, ñ ½ " &) byte for byte, TED included', () => {
    const caf = parseCaf(fixture("CAF-TEST-T39-97975000-5-F1-100.xml"));
    const built = buildDte(
      {
        type: 39,
        issueDate: "2025-01-15",
        issuer: SII_TEST_ISSUER,
        lines: [
          { name: 'Cañería PVC ½" & codo', quantity: 8, unitPrice: 1590 },
          { name: "Servicio exento", quantity: 2, unitPrice: 1000, exempt: true },
        ],
      },
      caf,
      { folio: 1, timestamp: "2025-01-15T10:30:00" },
    );
    const expected = fixtureText("DTE-T39-F1-standalone-signed.xml");
    const documento = (xml: string) => /<DTE [^>]*><Documento[\s\S]*<\/Documento>/.exec(xml)![0];
    expect(documento(built.xml)).toBe(documento(expected));
    expect(built.totals).toEqual({ net: 10689, exempt: 2000, iva: 2031, total: 14720 });
    expect(built.warnings).toEqual([]);
  });

  it("builds the synthetic factura's amounts and lines (10% line discount, exempt line, 5% global)", () => {
    const k = keys();
    const caf = parseCaf(
      createTestCaf({
        rut: "97975000-5",
        type: 33,
        from: 1,
        to: 10,
        authorizedOn: "2025-01-02",
        authority: k.authority,
      }).xml,
    );
    const built = buildDte(
      {
        type: 33,
        issueDate: "2025-01-15",
        issuer: { ...SII_TEST_ISSUER, acteco: [479100] },
        receiver: {
          rut: "77777777-7",
          name: "EMPRESA DE PRUEBA LTDA",
          activity: "Servicios informaticos",
          address: "San Diego 2222",
          commune: "Santiago",
          city: "Santiago",
        },
        lines: [
          { name: 'Notebook 14"', quantity: 2, unitPrice: 10000, discount: { percent: 10 } },
          { name: "Libro técnico", quantity: 1, unitPrice: 5990, exempt: true },
        ],
        globalDiscount: { percent: 5 },
        paymentMethod: 1,
      },
      caf,
      { folio: 1, timestamp: "2025-01-15T10:30:00" },
    );
    const expected = fixtureText("EnvioDTE-T33-F1-signed.xml");
    for (const name of ["IdDoc", "Emisor", "Receptor", "Totales"])
      expect(section(built.xml, name), name).toBe(section(expected, name));
    expect(built.xml.match(/<Detalle>[\s\S]*?<\/Detalle>/g)).toEqual(expected.match(/<Detalle>[\s\S]*?<\/Detalle>/g));
    expect(tag(built.xml, "ValorDR")).toBe("5");
  });

  it.each([
    [
      1,
      [
        { name: "Cambio de aceite", quantity: 1, unitPrice: 19900 },
        { name: "Alineacion y balanceo", quantity: 1, unitPrice: 9900 },
      ],
      [25042, 4758, 29800],
    ],
    [2, [{ name: "Papel de regalo", quantity: 17, unitPrice: 120 }], [1714, 326, 2040]],
    [
      3,
      [
        { name: "Sandwich", quantity: 2, unitPrice: 1500 },
        { name: "Bebida", quantity: 2, unitPrice: 550 },
      ],
      [3445, 655, 4100],
    ],
    [5, [{ name: "Arroz", quantity: 5, unitPrice: 700, unit: "Kg" }], [2941, 559, 3500]],
  ])("boleta certification CASO-%i", (n, lines, [net, iva, total]) => {
    const built = buildDte(
      { type: 39, issueDate: "2026-11-20", issuer: ISSUER, lines, references: [{ code: "SET", reason: `CASO-${n}` }] },
      keys().caf(39),
      { folio: n, timestamp: TIMESTAMP },
    );
    expect([tag(built.xml, "MntNeto"), tag(built.xml, "IVA"), tag(built.xml, "MntTotal")]).toEqual([
      String(net),
      String(iva),
      String(total),
    ]);
    expect(section(built.xml, "Referencia")).toBe(
      `<Referencia><NroLinRef>1</NroLinRef><CodRef>SET</CodRef><RazonRef>CASO-${n}</RazonRef></Referencia>`,
    );
    if (n === 5) expect(tag(built.xml, "UnmdItem")).toBe("Kg");
  });

  it("boleta certification CASO-4: afecto and exento lines", () => {
    const built = buildDte(
      {
        type: 39,
        issueDate: "2026-11-20",
        issuer: ISSUER,
        lines: [
          { name: "item afecto 1", quantity: 8, unitPrice: 1590 },
          { name: "item exento 2", quantity: 2, unitPrice: 1000, exempt: true },
        ],
      },
      keys().caf(39),
      { folio: 4, timestamp: TIMESTAMP },
    );
    expect(built.totals).toEqual({ net: 10689, exempt: 2000, iva: 2031, total: 14720 });
    expect(section(built.xml, "Totales")).toBe(
      "<Totales><MntNeto>10689</MntNeto><MntExe>2000</MntExe><IVA>2031</IVA><MntTotal>14720</MntTotal></Totales>",
    );
  });
});

describe("tags per document type", () => {
  const build = (type: Parameters<typeof requestFor>[0], over: Record<string, unknown> = {}) =>
    buildDte({ ...requestFor(type), ...over } as ReturnType<typeof requestFor>, keys().caf(type), {
      folio: 7,
      timestamp: TIMESTAMP,
    });

  it("a boleta uses RznSocEmisor/GiroEmisor and IndServicio, with no Acteco or TasaIVA", () => {
    const xml = build(39).xml;
    expect(xml).toContain("<RznSocEmisor>SASCO SpA</RznSocEmisor><GiroEmisor>");
    expect(xml).toContain("<IndServicio>3</IndServicio>");
    expect(xml).toContain(
      "<Receptor><RUTRecep>66666666-6</RUTRecep><RznSocRecep>Consumidor final</RznSocRecep></Receptor>",
    );
    for (const absent of ["<RznSoc>", "<Acteco>", "<TasaIVA>", "<FmaPago>", "<CorreoRecep>"])
      expect(xml).not.toContain(absent);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<DTE xmlns="http://www.sii.cl/SiiDte" version="1.0"><Documento ID="T39F7">',
      ),
    ).toBe(true);
  });

  it("a factura uses RznSoc/GiroEmis, Acteco and TasaIVA", () => {
    const xml = build(33).xml;
    expect(xml).toContain(
      "<RznSoc>SASCO SpA</RznSoc><GiroEmis>Venta al por menor por internet</GiroEmis><Acteco>479100</Acteco>",
    );
    expect(xml).toContain("<TasaIVA>19</TasaIVA>");
    expect(xml).toContain("<CorreoRecep>compras@example.cl</CorreoRecep>");
    expect(tag(xml, "FmaPago")).toBe("1");
  });

  it("exempt documents (34, 41) mark every line IndExe=1 and carry only MntExe", () => {
    for (const type of [34, 41] as const) {
      const b = build(type);
      expect(section(b.xml, "Totales")).toBe(
        `<Totales><MntExe>${b.totals.total}</MntExe><MntTotal>${b.totals.total}</MntTotal></Totales>`,
      );
      expect(b.xml).toContain("<IndExe>1</IndExe>");
    }
  });

  it("a guía carries IndTraslado, TipoDespacho and Transporte", () => {
    const xml = build(52).xml;
    expect(section(xml, "IdDoc")).toContain("<TipoDespacho>2</TipoDespacho><IndTraslado>1</IndTraslado></IdDoc>");
    expect(section(xml, "Transporte")).toBe(
      "<Transporte><DirDest>San Diego 2222</DirDest><CmnaDest>Santiago</CmnaDest></Transporte>",
    );
  });

  it("notes carry the reference with CodRef and FchRef", () => {
    expect(section(build(61).xml, "Referencia")).toBe(
      "<Referencia><NroLinRef>1</NroLinRef><TpoDocRef>33</TpoDocRef><FolioRef>12</FolioRef><FchRef>2026-11-19</FchRef><CodRef>3</CodRef><RazonRef>Devolución de mercadería</RazonRef></Referencia>",
    );
    expect(tag(build(56).xml, "CodRef")).toBe("1");
  });

  it("a credit note on a boleta takes the boleta's gross prices unless told otherwise", () => {
    const onBoleta = build(61, {
      lines: [{ name: "Café de grano", quantity: 2, unitPrice: 1500 }],
      references: [{ type: 39, folio: 42, date: "2026-11-19", code: 1, reason: "Anula boleta" }],
    });
    // The boleta charged 3.000 with IVA: the note credits exactly that, IVA 479, not 570 on top.
    expect(onBoleta.totals).toEqual({ net: 2521, exempt: 0, iva: 479, total: 3000 });
    expect(tag(onBoleta.xml, "MntBruto")).toBe("1");
    const told = build(61, {
      pricesIncludeTax: false,
      lines: [{ name: "Café de grano", quantity: 2, unitPrice: 1500 }],
      references: [{ type: "39", folio: 42, date: "2026-11-19", code: 1, reason: "Anula boleta" }],
    });
    expect(told.totals.total).toBe(3570);
    // On a factura the default stays net.
    expect(build(61).xml).not.toContain("<MntBruto>");
  });

  it("a back-dated factura cannot use a CAF that expired before it was stamped", () => {
    const k = keys();
    // The test CAF is authorised on the fixtures' FA; stamp 200 days later with last month's date.
    const caf = k.caf(33);
    const fa = new Date(`${caf.authorizedOn}T12:00:00Z`);
    const stamped = new Date(fa.getTime() + 200 * 86_400_000);
    const backDated = new Date(fa.getTime() + 170 * 86_400_000).toISOString().slice(0, 10);
    expect(() =>
      buildDte({ ...requestFor(33), issueDate: backDated }, caf, { folio: 1, timestamp: stamped }),
    ).toThrow(/expired/);
  });

  it("a credit note that corrects text has zero amounts", () => {
    const b = build(61, {
      lines: [{ name: "Corrige giro", description: "DONDE DICE Giro1 DEBE DECIR Giro2", unitPrice: 0 }],
      references: [{ type: 33, folio: 1, date: "2026-11-19", code: 2, reason: "Corrige texto" }],
    });
    expect(b.totals).toEqual({ net: 0, exempt: 0, iva: 0, total: 0 });
    expect(b.xml).not.toContain("<PrcItem>");
  });

  it("a store whose prices exclude tax: boleta with IndMntNeto=2, factura prices as given", () => {
    const boleta = build(39, { pricesIncludeTax: false });
    expect(tag(boleta.xml, "IndMntNeto")).toBe("2");
    expect(boleta.totals).toEqual({ net: 3000, exempt: 0, iva: 570, total: 3570 });
    const factura = build(33, {
      pricesIncludeTax: true,
      lines: [{ name: "x", unitPrice: 1190 }],
      globalDiscount: undefined,
    });
    expect(tag(factura.xml, "MntBruto")).toBe("1");
    expect(factura.totals).toEqual({ net: 1000, exempt: 0, iva: 190, total: 1190 });
  });

  it("cuts texts to the XSD lengths by characters, and says so", () => {
    const long = "Ñ".repeat(120);
    const b = build(39, {
      lines: [{ name: long, description: "d".repeat(1200), unitPrice: 100, code: "C".repeat(40), unit: "Metro" }],
    });
    expect(tag(b.xml, "NmbItem")).toBe("Ñ".repeat(80));
    expect(tag(b.xml, "DscItem")!.length).toBe(1000);
    expect(tag(b.xml, "VlrCodigo")!.length).toBe(35);
    expect(tag(b.xml, "UnmdItem")).toBe("Metr");
    expect(tag(extractTed(b.xml)!.dd, "IT1")).toBe("Ñ".repeat(40));
    expect(b.warnings.map((w) => w.field)).toEqual([
      "lines.0.name",
      "lines.0.code",
      "lines.0.description",
      "lines.0.unit",
    ]);
  });

  it("stamps a TED that verifies with the CAF key and carries the document's data", () => {
    const b = build(33);
    const ted = extractTed(b.xml)!;
    expect(verifyTed(ted, keys().caf(33).publicKey)).toBe(true);
    expect(ted.dd).toMatch(
      /^<DD><RE>76192083-9<\/RE><TD>33<\/TD><F>7<\/F><FE>2026-11-20<\/FE><RR>77777777-7<\/RR><RSR>EMPRESA DE PRUEBA LTDA<\/RSR><MNT>26339<\/MNT><IT1>Notebook 14&quot;<\/IT1><CAF version="1.0">/,
    );
    expect(ted.dd.endsWith(`<TSTED>${TIMESTAMP}</TSTED></DD>`)).toBe(true);
    expect(tag(b.xml, "TmstFirma")).toBe(TIMESTAMP);
    expect(dteBody(b.xml).startsWith("<DTE ")).toBe(true);
  });

  it("writes Chile local time for a Date timestamp", () => {
    const b = buildDte(requestFor(39), keys().caf(39), { folio: 1, timestamp: new Date("2026-11-20T13:30:05Z") });
    expect(tag(b.xml, "TmstFirma")).toBe("2026-11-20T10:30:05");
  });
});
