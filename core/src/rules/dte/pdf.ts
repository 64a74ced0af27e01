import bwipjs from "bwip-js";
import PDFDocument from "pdfkit";
import { formatRut } from "../rut.js";
import { readDte, type DteView } from "./dte-reader.js";
import { DOCUMENT_NAMES, GENERIC_RUT, isBoleta, isDteType } from "./types.js";

/**
 * The printed representation (sii.md §13): letter size for facturas and notas, an 80 mm receipt for
 * boletas (either can be asked for). The red box with RUT, document name and N°, the SII office
 * under it, the timbre as a vector PDF417 (error correction 5, at least 2 × 5 cm on letter and
 * 2 × 4.5 cm on receipts — SII FAQ 001.380.6277.006 — vectors print sharp at any resolution) with its
 * legends, and for facturas the CEDIBLE copy with the acuse de recibo (Ley 19.983).
 *
 * Layout is one pass: every block is measured and placed into a list of drawing operations, then
 * the pages are created at their final size and the operations replayed (receipt paper is one page
 * as long as its content).
 */

export type Paper = "receipt" | "letter";

export interface PdfOptions {
  /** The issuer's authorisation resolution, printed under the timbre ("Res. N° 80 de 2014"). */
  resolution: { number: number; date: string };
  /** The issuer's SII office, printed under the folio box (e.g. "S.I.I. - SANTIAGO CENTRO"). */
  siiOffice?: string;
  /** Adds the CEDIBLE copy (facturas; "CEDIBLE CON SU FACTURA" on guías) with the acuse de recibo. */
  cedible?: boolean;
  /** Receipt (80 mm) or letter; by default boletas print on receipts and the rest on letter. */
  paper?: Paper;
  /**
   * Printed on every page when the document has no tax value. By default a document stamped with a
   * certification CAF (IDK 100) says so; pass a text for other cases (the demo's test CAF).
   */
  noTaxValue?: string | false;
}

/** The SII's Ley 19.983 acuse de recibo legend, as printed on the CEDIBLE copy. */
export const ACUSE_DE_RECIBO_LEGEND =
  "El acuse de recibo que se declara en este acto, de acuerdo a lo dispuesto en la letra b) del Art. 4°, y la letra c) del Art. 5° de la Ley 19.983, acredita que la entrega de mercaderías o servicio(s) prestado(s) ha(n) sido recibido(s).";

export const CERTIFICATION_NOTICE = "DOCUMENTO DE CERTIFICACIÓN · SIN VALIDEZ TRIBUTARIA";

/** The PDF417 of a TED as a module matrix: `rows[r][c]` is a dark module; a row is `rowHeight` modules tall. */
export interface BarcodeMatrix {
  columns: number;
  rowHeight: number;
  rows: boolean[][];
}

/**
 * PDF417 of the flattened TED. `binarytext` makes bwip-js take each character as one byte, so the
 * barcode carries the ISO-8859-1 bytes (without it, it encodes UTF-8 and the TED no longer verifies).
 */
export function tedBarcodeMatrix(ted: string): BarcodeMatrix {
  const [symbol] = bwipjs.raw({
    bcid: "pdf417",
    text: ted,
    eclevel: 5,
    columns: 15,
    binarytext: true,
  } as bwipjs.RawOptions) as Array<{ pixs: number[]; pixx: number; pixy: number }>;
  const { pixs, pixx, pixy } = symbol!;
  // pixs holds one entry per module of each symbol row; pixy counts rows in modules (rowmult 3).
  const count = pixs.length / pixx;
  const rows: boolean[][] = [];
  for (let r = 0; r < count; r++) rows.push(Array.from({ length: pixx }, (_, c) => pixs[r * pixx + c] === 1));
  return { columns: pixx, rowHeight: pixy / count, rows };
}

/** Dark runs of each row: [row, firstColumn, length]. What the page draws, one rectangle each. */
export function barcodeRuns(m: BarcodeMatrix): Array<[number, number, number]> {
  const runs: Array<[number, number, number]> = [];
  m.rows.forEach((row, r) => {
    for (let c = 0; c < row.length;) {
      if (!row[c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < row.length && row[c]) c++;
      runs.push([r, start, c - start]);
    }
  });
  return runs;
}

const CODREF: Record<string, string> = { "1": "Anula documento", "2": "Corrige texto", "3": "Corrige montos" };
const MM = 72 / 25.4;
const LETTER = { width: 612, height: 792, margin: 36 };
const RECEIPT = { width: 80 * MM, margin: 4 * MM };
const RED = "#c00000";

function thousands(n: number): string {
  return String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

function money(n: number | undefined): string {
  return n === undefined ? "" : `${n < 0 ? "-" : ""}$ ${thousands(n)}`;
}

function qty(n: number | undefined): string {
  if (n === undefined) return "";
  const [int, dec] = String(n).split(".");
  return `${thousands(Number(int))}${dec ? `,${dec}` : ""}`;
}

function date(iso: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? "");
  return m ? `${m[3]}-${m[2]}-${m[1]}` : (iso ?? "");
}

function rut(text: string): string {
  try {
    return formatRut(text, "display");
  } catch {
    return text;
  }
}

function documentName(type: number): string {
  return isDteType(type) ? DOCUMENT_NAMES[type] : `DOCUMENTO TIPO ${type}`;
}

function timbreLegends(options: PdfOptions): string[] {
  return [
    "Timbre Electrónico SII",
    `Res. N° ${options.resolution.number} de ${options.resolution.date.slice(0, 4)}`,
    "Verifique documento: www.sii.cl",
  ];
}

function lineAdjustment(l: DteView["lines"][number]): string {
  const parts: string[] = [];
  if (l.discountAmount)
    parts.push(`-${money(l.discountAmount)}${l.discountPercent ? ` (${qty(l.discountPercent)}%)` : ""}`);
  if (l.surchargeAmount)
    parts.push(`+${money(l.surchargeAmount)}${l.surchargePercent ? ` (${qty(l.surchargePercent)}%)` : ""}`);
  return parts.join(" ");
}

function totalsRows(d: DteView): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const g of d.adjustments) {
    rows.push([
      `${g.movement === "D" ? "Descuento" : "Recargo"} global${g.valueType === "%" ? ` ${qty(g.value)}%` : ""}`,
      g.valueType === "%" ? "" : money(g.value),
    ]);
  }
  if (d.totals.net !== undefined) rows.push(["Monto neto", money(d.totals.net)]);
  if (d.totals.exempt !== undefined) rows.push(["Monto exento", money(d.totals.exempt)]);
  if (d.totals.iva !== undefined) rows.push([`IVA ${d.totals.ivaRate ?? 19}%`, money(d.totals.iva)]);
  rows.push(["TOTAL", money(d.totals.total)]);
  return rows;
}

function referenceText(r: DteView["references"][number]): string {
  const what = r.type ? (/^\d+$/.test(r.type) ? documentName(Number(r.type)) : r.type) : "";
  return [
    what,
    r.folio ? `N° ${r.folio}` : "",
    r.date ? `del ${date(r.date)}` : "",
    r.code ? (CODREF[r.code] ?? r.code) : "",
    r.reason ?? "",
  ]
    .filter(Boolean)
    .join(" · ");
}

function receiverAddress(d: DteView): Array<[string, string | undefined]> {
  const rc = d.receiver;
  return [
    ["Dirección", rc.address],
    ["Comuna", rc.commune],
    ["Ciudad", rc.city],
  ];
}

// ---- one-pass layout -------------------------------------------------------------------------

type Font = "Helvetica" | "Helvetica-Bold";
type Align = "left" | "center" | "right";

type Op =
  | { k: "text"; x: number; y: number; w: number; text: string; font: Font; size: number; align: Align; color: string }
  | { k: "rect"; x: number; y: number; w: number; h: number; stroke?: string; fill?: string; lineWidth: number }
  | { k: "line"; x1: number; y1: number; x2: number; y2: number; lineWidth: number }
  | { k: "barcode"; x: number; y: number; w: number; h: number; matrix: BarcodeMatrix };

interface LaidPage {
  width: number;
  height: number;
  ops: Op[];
}

/** Places blocks on pages; measures text with the document's own font metrics. */
class Layout {
  readonly pages: LaidPage[] = [];
  y = 0;
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    readonly width: number,
    /** Undefined: the page grows with its content (receipt paper). */
    private readonly fixedHeight: number | undefined,
    readonly margin: number,
    private readonly onNewPage: (l: Layout) => void,
  ) {
    this.newPage();
  }

  get page(): LaidPage {
    return this.pages[this.pages.length - 1]!;
  }

  get bottom(): number {
    return this.fixedHeight === undefined ? Infinity : this.fixedHeight - this.margin;
  }

  newPage(): void {
    this.pages.push({ width: this.width, height: this.fixedHeight ?? 0, ops: [] });
    this.y = this.margin;
    this.onNewPage(this);
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.y + height > this.bottom && this.y > this.margin + 1) this.newPage();
  }

  height(text: string, font: Font, size: number, width: number): number {
    if (text === "") return 0;
    this.doc.font(font).fontSize(size);
    return this.doc.heightOfString(text, { width, lineGap: 0 });
  }

  text(
    text: string,
    x: number,
    y: number,
    w: number,
    o: { font?: Font; size?: number; align?: Align; color?: string } = {},
  ): number {
    const font = o.font ?? "Helvetica";
    const size = o.size ?? 8;
    if (text === "") return 0;
    this.page.ops.push({ k: "text", x, y, w, text, font, size, align: o.align ?? "left", color: o.color ?? "#000" });
    return this.height(text, font, size, w);
  }

  /** A text flowing down the page at the current y; returns its height. */
  flow(text: string, x: number, w: number, o: { font?: Font; size?: number; align?: Align; color?: string } = {}) {
    const h = this.height(text, o.font ?? "Helvetica", o.size ?? 8, w);
    this.ensure(h);
    this.text(text, x, this.y, w, o);
    this.y += h;
    return h;
  }

  push(op: Op): void {
    this.page.ops.push(op);
  }
}

function replay(doc: PDFKit.PDFDocument, pages: LaidPage[]): void {
  for (const p of pages) {
    doc.addPage({ size: [p.width, p.height], margin: 0 });
    for (const op of p.ops) {
      switch (op.k) {
        case "text":
          doc.font(op.font).fontSize(op.size).fillColor(op.color);
          doc.text(op.text, op.x, op.y, { width: op.w, align: op.align, lineGap: 0, lineBreak: true });
          break;
        case "rect":
          doc.lineWidth(op.lineWidth).rect(op.x, op.y, op.w, op.h);
          if (op.fill && op.stroke) doc.fillAndStroke(op.fill, op.stroke);
          else if (op.fill) doc.fill(op.fill);
          else doc.stroke(op.stroke ?? "#000");
          break;
        case "line":
          doc.lineWidth(op.lineWidth).moveTo(op.x1, op.y1).lineTo(op.x2, op.y2).stroke("#000");
          break;
        case "barcode": {
          const module = op.w / op.matrix.columns;
          const rowH = op.h / op.matrix.rows.length;
          for (const [r, c, n] of barcodeRuns(op.matrix))
            doc.rect(op.x + c * module, op.y + r * rowH, n * module, rowH);
          doc.fill("#000");
          break;
        }
      }
    }
  }
  doc.fillColor("#000");
}

/** Height of the barcode at a width, never under the SII's 2 cm. */
function barcodeHeight(m: BarcodeMatrix, width: number): number {
  return Math.max((width / m.columns) * m.rowHeight * m.rows.length, 20 * MM);
}

function noticeBox(l: Layout, text: string): void {
  const x = l.margin;
  const w = l.width - 2 * l.margin;
  const h = l.height(text, "Helvetica-Bold", 9, w - 8) + 8;
  l.ensure(h + 4);
  l.push({ k: "rect", x, y: l.y, w, h, stroke: RED, fill: "#fff2f2", lineWidth: 1 });
  l.text(text, x + 4, l.y + 4, w - 8, { font: "Helvetica-Bold", size: 9, align: "center", color: RED });
  l.y += h + 6;
}

interface Copy {
  cedible: boolean;
}

// ---- receipt (80 mm) -------------------------------------------------------------------------

function layReceipt(
  l: Layout,
  d: DteView,
  m: BarcodeMatrix,
  options: PdfOptions,
  notice: string | undefined,
  copy: Copy,
) {
  const x = l.margin;
  const w = l.width - 2 * l.margin;
  const center = { align: "center" as const };
  l.flow(d.issuer.name, x, w, { font: "Helvetica-Bold", size: 10, ...center });
  if (d.issuer.activity) l.flow(d.issuer.activity, x, w, { size: 7, ...center });
  const address = [d.issuer.address, d.issuer.commune, d.issuer.city].filter(Boolean).join(", ");
  if (address) l.flow(address, x, w, { size: 7, ...center });
  l.y += 4;
  // The red box: RUT, document name, N°.
  const inner = w - 8;
  const parts: Array<[string, number]> = [
    [`R.U.T.: ${rut(d.issuer.rut)}`, 9],
    [documentName(d.type), 9],
    [`N° ${d.folio}`, 10],
  ];
  const boxH = parts.reduce((s, [t, size]) => s + l.height(t, "Helvetica-Bold", size, inner) + 2, 0) + 8;
  l.ensure(boxH);
  l.push({ k: "rect", x, y: l.y, w, h: boxH, stroke: RED, lineWidth: 1.5 });
  let by = l.y + 5;
  for (const [t, size] of parts) {
    by += l.text(t, x + 4, by, inner, { font: "Helvetica-Bold", size, align: "center", color: RED }) + 2;
  }
  l.y += boxH + 2;
  if (options.siiOffice) l.flow(options.siiOffice, x, w, { font: "Helvetica-Bold", size: 7, ...center });
  l.y += 4;
  if (notice) noticeBox(l, notice);
  l.flow(`Fecha de emisión: ${date(d.issueDate)}`, x, w, { size: 8 });
  if (d.receiver.rut !== GENERIC_RUT || d.receiver.name) {
    const rows: Array<[string, string | undefined]> = [
      ["Señor(es)", d.receiver.name],
      ["R.U.T.", d.receiver.rut === GENERIC_RUT ? undefined : rut(d.receiver.rut)],
      ["Giro", d.receiver.activity],
      ...receiverAddress(d),
    ];
    for (const [label, value] of rows) if (value) l.flow(`${label}: ${value}`, x, w, { size: 7 });
  }
  l.y += 3;
  l.ensure(1);
  l.push({ k: "line", x1: x, y1: l.y, x2: x + w, y2: l.y, lineWidth: 0.5 });
  l.y += 3;
  const amountW = 26 * MM;
  for (const line of d.lines) {
    l.flow(`${line.name}${line.exemptIndicator === 1 ? " (exento)" : ""}`, x, w, { font: "Helvetica-Bold", size: 8 });
    if (line.code) l.flow(`Código: ${line.code}`, x, w, { size: 7 });
    if (line.description) l.flow(line.description, x, w, { size: 7 });
    const detail = [
      line.quantity !== undefined
        ? `${qty(line.quantity)}${line.unit ? ` ${line.unit}` : ""} x ${money(line.unitPrice)}`
        : "",
      lineAdjustment(line),
    ]
      .filter(Boolean)
      .join("  ");
    const amount = money(line.amount);
    const h = Math.max(l.height(detail, "Helvetica", 7, w - amountW - 2), l.height(amount, "Helvetica", 8, amountW));
    l.ensure(h);
    l.text(detail, x, l.y, w - amountW - 2, { size: 7 });
    l.text(amount, x + w - amountW, l.y, amountW, { size: 8, align: "right" });
    l.y += h + 3;
  }
  l.push({ k: "line", x1: x, y1: l.y, x2: x + w, y2: l.y, lineWidth: 0.5 });
  l.y += 3;
  const valueW = 32 * MM;
  for (const [label, value] of totalsRows(d)) {
    const bold = label === "TOTAL";
    const o = { font: (bold ? "Helvetica-Bold" : "Helvetica") as Font, size: bold ? 10 : 8 };
    const h = Math.max(l.height(label, o.font, o.size, w - valueW - 2), l.height(value, o.font, o.size, valueW));
    l.ensure(h);
    l.text(label, x, l.y, w - valueW - 2, o);
    l.text(value, x + w - valueW, l.y, valueW, { ...o, align: "right" });
    l.y += h + 2;
  }
  if (isBoleta(d.type) && d.totals.iva !== undefined)
    l.flow(`El IVA de esta boleta es ${money(d.totals.iva)}`, x, w, { size: 7 });
  if (d.references.length > 0) {
    l.y += 3;
    l.flow("Referencias", x, w, { font: "Helvetica-Bold", size: 7 });
    for (const r of d.references) l.flow(referenceText(r), x, w, { size: 7 });
  }
  if (copy.cedible) {
    l.y += 4;
    acuseDeRecibo(l, x, w, 7);
  }
  l.y += 6;
  timbre(l, m, x, w, options);
  if (copy.cedible) {
    l.y += 4;
    l.flow(d.type === 52 ? "CEDIBLE CON SU FACTURA" : "CEDIBLE", x, w, { font: "Helvetica-Bold", size: 12, ...center });
  }
  l.y += l.margin;
}

function timbre(l: Layout, m: BarcodeMatrix, x: number, w: number, options: PdfOptions): number {
  const h = barcodeHeight(m, w);
  const legends = timbreLegends(options);
  const legendsH = legends.reduce((s, t) => s + l.height(t, "Helvetica", 7.5, w) + 1, 0);
  l.ensure(h + 4 + legendsH);
  const top = l.y;
  l.push({ k: "barcode", x, y: l.y, w, h, matrix: m });
  l.y += h + 4;
  for (const t of legends) l.y += l.text(t, x, l.y, w, { size: 7.5, align: "center" }) + 1;
  return l.y - top;
}

function acuseDeRecibo(l: Layout, x: number, w: number, size: number): void {
  const fields = ["Nombre", "R.U.T.", "Fecha", "Recinto", "Firma"];
  const rowH = size + 9;
  const legendH = l.height(ACUSE_DE_RECIBO_LEGEND, "Helvetica", size - 0.5, w - 8);
  const h = 6 + fields.length * rowH + legendH + 6;
  l.ensure(h);
  const top = l.y;
  l.push({ k: "rect", x, y: top, w, h, stroke: "#000", lineWidth: 0.75 });
  let y = top + 6;
  const labelW = Math.min(50, w * 0.3);
  for (const f of fields) {
    l.text(`${f}:`, x + 4, y, labelW, { font: "Helvetica-Bold", size });
    l.push({ k: "line", x1: x + 4 + labelW, y1: y + size + 1, x2: x + w - 6, y2: y + size + 1, lineWidth: 0.5 });
    y += rowH;
  }
  l.text(ACUSE_DE_RECIBO_LEGEND, x + 4, y, w - 8, { size: size - 0.5 });
  l.y = top + h;
}

// ---- letter ----------------------------------------------------------------------------------

interface Column {
  title: string;
  w: number;
  align: Align;
}

function layLetter(
  l: Layout,
  d: DteView,
  m: BarcodeMatrix,
  options: PdfOptions,
  notice: string | undefined,
  copy: Copy,
) {
  const left = l.margin;
  const right = l.width - l.margin;
  const width = right - left;
  const boxW = 190;
  const boxX = right - boxW;
  const issuerW = width - boxW - 16;
  // Issuer on the left.
  let iy = l.y;
  iy += l.text(d.issuer.name, left, iy, issuerW, { font: "Helvetica-Bold", size: 12 }) + 2;
  for (const t of [
    d.issuer.activity,
    [d.issuer.address, d.issuer.commune, d.issuer.city].filter(Boolean).join(", "),
    [d.issuer.email, d.issuer.phone].filter(Boolean).join(" · "),
  ]) {
    if (t) iy += l.text(t, left, iy, issuerW, { size: 8.5 }) + 1;
  }
  // The red box on the right, the SII office under it.
  const inner = boxW - 16;
  const parts: Array<[string, number]> = [
    [`R.U.T.: ${rut(d.issuer.rut)}`, 11],
    [documentName(d.type), 11],
    [`N° ${d.folio}`, 12],
  ];
  const boxH = parts.reduce((s, [t, size]) => s + l.height(t, "Helvetica-Bold", size, inner) + 4, 0) + 14;
  l.push({ k: "rect", x: boxX, y: l.y, w: boxW, h: boxH, stroke: RED, lineWidth: 2 });
  let by = l.y + 9;
  for (const [t, size] of parts) {
    by += l.text(t, boxX + 8, by, inner, { font: "Helvetica-Bold", size, align: "center", color: RED }) + 4;
  }
  let oy = l.y + boxH + 4;
  if (options.siiOffice)
    oy += l.text(options.siiOffice, boxX, oy, boxW, { font: "Helvetica-Bold", size: 8.5, align: "center" });
  l.y = Math.max(iy, oy) + 10;
  if (notice) noticeBox(l, notice);

  // Receiver.
  const rc = d.receiver;
  const rows: Array<[string, string | undefined]> = [
    ["Señor(es)", rc.name],
    ["R.U.T.", rut(rc.rut)],
    ["Giro", rc.activity],
    ...receiverAddress(d),
    ["Contacto", [rc.contact, rc.email].filter(Boolean).join(" · ") || undefined],
    ["Fecha de emisión", date(d.issueDate)],
  ];
  const labelW = 84;
  const valueW = width - labelW - 16;
  const filled = rows.filter((r): r is [string, string] => Boolean(r[1]));
  const rowsH = filled.map(([, v]) => Math.max(l.height(v, "Helvetica", 8.5, valueW), 10) + 3);
  const recH = rowsH.reduce((a, b) => a + b, 0) + 8;
  l.ensure(recH);
  l.push({ k: "rect", x: left, y: l.y, w: width, h: recH, stroke: "#000", lineWidth: 0.5 });
  let ry = l.y + 5;
  filled.forEach(([label, value], i) => {
    l.text(`${label}:`, left + 6, ry, labelW, { font: "Helvetica-Bold", size: 8.5 });
    l.text(value, left + 10 + labelW, ry, valueW, { size: 8.5 });
    ry += rowsH[i]!;
  });
  l.y += recH + 12;

  // Lines: every cell wraps inside its column; a row is as tall as its tallest cell.
  const cols: Column[] = [
    { title: "Código", w: 72, align: "left" },
    { title: "Descripción", w: 0, align: "left" },
    { title: "Cantidad", w: 62, align: "right" },
    { title: "P. unitario", w: 70, align: "right" },
    { title: "Desc./Rec.", w: 62, align: "right" },
    { title: "Monto", w: 78, align: "right" },
  ];
  const gap = 4;
  cols[1]!.w = width - cols.reduce((s, c) => s + c.w, 0) - gap * (cols.length - 1);
  const xs: number[] = [];
  cols.reduce((x, c) => (xs.push(x), x + c.w + gap), left);
  const header = () => {
    l.push({ k: "rect", x: left, y: l.y - 3, w: width, h: 15, fill: "#eeeeee", lineWidth: 0 });
    cols.forEach((c, i) => l.text(c.title, xs[i]!, l.y, c.w, { font: "Helvetica-Bold", size: 8, align: c.align }));
    l.y += 16;
  };
  header();
  for (const line of d.lines) {
    const description = [line.name + (line.exemptIndicator === 1 ? " (exento)" : ""), line.description]
      .filter(Boolean)
      .join("\n");
    const values = [
      line.code ?? "",
      description,
      `${qty(line.quantity)}${line.unit ? ` ${line.unit}` : ""}`,
      money(line.unitPrice),
      lineAdjustment(line),
      money(line.amount),
    ];
    const h = Math.max(10, ...values.map((v, i) => l.height(v, "Helvetica", 8, cols[i]!.w)));
    if (l.y + h > l.bottom) {
      l.newPage();
      header();
    }
    values.forEach((v, i) => l.text(v, xs[i]!, l.y, cols[i]!.w, { size: 8, align: cols[i]!.align }));
    l.y += h + 4;
  }
  l.push({ k: "line", x1: left, y1: l.y, x2: right, y2: l.y, lineWidth: 0.5 });
  l.y += 8;
  if (d.references.length > 0) {
    l.flow("Referencias", left, width, { font: "Helvetica-Bold", size: 8.5 });
    for (const r of d.references) {
      l.flow(referenceText(r), left, width, { size: 8.5 });
      l.y += 1;
    }
    l.y += 8;
  }

  // Timbre on the left, totals on the right, side by side.
  const timbreW = 70 * MM;
  const totalsX = left + timbreW + 24;
  const totalsW = right - totalsX;
  const labelsW = totalsW * 0.45;
  const totalRows = totalsRows(d).map(([label, value]) => {
    const bold = label === "TOTAL";
    const font = (bold ? "Helvetica-Bold" : "Helvetica") as Font;
    const size = bold ? 11 : 9;
    const h = Math.max(l.height(label, font, size, labelsW), l.height(value, font, size, totalsW - labelsW - 4));
    return { label, value, font, size, h };
  });
  const totalsH = totalRows.reduce((s, r) => s + r.h + 4, 0);
  const legendsH = timbreLegends(options).reduce((s, t) => s + l.height(t, "Helvetica", 8, timbreW) + 1, 0);
  const timbreH = barcodeHeight(m, timbreW) + 4 + legendsH;
  const cedibleH = copy.cedible
    ? 6 + 5 * 17 + l.height(ACUSE_DE_RECIBO_LEGEND, "Helvetica", 7.5, totalsW - 8) + 6 + 30
    : 0;
  l.ensure(Math.max(timbreH, totalsH + cedibleH));
  const top = l.y;
  let ty = top;
  for (const r of totalRows) {
    l.text(r.label, totalsX, ty, labelsW, { font: r.font, size: r.size });
    l.text(r.value, totalsX + labelsW + 4, ty, totalsW - labelsW - 4, { font: r.font, size: r.size, align: "right" });
    ty += r.h + 4;
  }
  if (copy.cedible) {
    l.y = ty + 10;
    acuseDeRecibo(l, totalsX, totalsW, 8);
    ty = l.y + 6;
    ty += l.text(d.type === 52 ? "CEDIBLE CON SU FACTURA" : "CEDIBLE", totalsX, ty, totalsW, {
      font: "Helvetica-Bold",
      size: 14,
      align: "right",
    });
  }
  l.y = top;
  timbre(l, m, left, timbreW, { ...options });
  l.y = Math.max(l.y, ty);
}

// ---- entry point -----------------------------------------------------------------------------

/** The TED's CAF IDK: 100 is the SII's certification environment (no tax value). */
function cafIdk(ted: string): number | undefined {
  const m = /<IDK>\s*(\d+)\s*<\/IDK>/.exec(ted);
  return m ? Number(m[1]) : undefined;
}

/** The PDF of a signed DTE (ours or any issuer's; reads it back, so it prints what was signed). */
export async function renderPdf(signedDte: string | Uint8Array, options: PdfOptions): Promise<Buffer> {
  const d = readDte(signedDte);
  if (!d.ted) throw new Error("the document has no TED to print");
  const matrix = tedBarcodeMatrix(d.ted);
  const notice =
    options.noTaxValue === false
      ? undefined
      : (options.noTaxValue ?? (cafIdk(d.ted) === 100 ? CERTIFICATION_NOTICE : undefined));
  const paper = options.paper ?? (isBoleta(d.type) ? "receipt" : "letter");
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    info: {
      Title: `${documentName(d.type)} N° ${d.folio}`,
      Author: d.issuer.name,
      Producer: "Timbre",
      CreationDate: new Date(`${d.issueDate}T12:00:00Z`),
    },
  });
  // The CEDIBLE copy is the factoring copy of facturas and guías; boletas and notes have none.
  const copies: Copy[] = [{ cedible: false }];
  if (options.cedible && [33, 34, 52].includes(d.type)) copies.push({ cedible: true });
  // Measuring needs a page to wrap against; this one is never written out.
  const measure = new PDFDocument({ size: [LETTER.width, 100_000], margin: 0 });
  const pages: LaidPage[] = [];
  for (const copy of copies) {
    if (paper === "receipt") {
      const l = new Layout(measure, RECEIPT.width, undefined, RECEIPT.margin, () => {});
      layReceipt(l, d, matrix, options, notice, copy);
      l.page.height = Math.ceil(l.y);
      pages.push(...l.pages);
    } else {
      // Continuation pages say it too: no page of a test document may pass for a valid one.
      const l = new Layout(measure, LETTER.width, LETTER.height, LETTER.margin, (p) => {
        if (notice && p.pages.length > 1) noticeBox(p, notice);
      });
      layLetter(l, d, matrix, options, notice, copy);
      pages.push(...l.pages);
    }
  }
  replay(doc, pages);
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}
