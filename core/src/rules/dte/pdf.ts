import bwipjs from "bwip-js";
import PDFDocument from "pdfkit";
import { formatRut } from "../rut.js";
import { readDte, type DteView } from "./dte-reader.js";
import { DOCUMENT_NAMES, GENERIC_RUT, isBoleta, isDteType } from "./types.js";

/**
 * The printed representation (sii.md §13): letter size for facturas, notas and guías, an 80 mm
 * receipt for boletas; the TED as PDF417 (error correction 5, at least 5 × 2 cm) with the SII legends.
 */

export interface PdfOptions {
  /** The issuer's authorisation resolution, printed under the timbre ("Res. N° 80 de 2014"). */
  resolution: { number: number; date: string };
  /** The issuer's SII office, printed under the folio box (e.g. "S.I.I. - SANTIAGO CENTRO"). */
  siiOffice?: string;
  /** Second copy of a factura or guía for factoring: "CEDIBLE" / "CEDIBLE CON SU FACTURA". */
  cedible?: boolean;
}

/**
 * PDF417 of the flattened TED. `binarytext` makes bwip-js take each character as one byte, so the
 * barcode carries the ISO-8859-1 bytes (without it, it encodes UTF-8 and the TED no longer verifies).
 */
export function tedBarcodePng(ted: string): Promise<Buffer> {
  return bwipjs.toBuffer({
    bcid: "pdf417",
    text: ted,
    eclevel: 5,
    columns: 15,
    rowmult: 3,
    scale: 2,
    padding: 4,
    binarytext: true,
    backgroundcolor: "FFFFFF",
  } as bwipjs.RenderOptions);
}

const CODREF: Record<string, string> = { "1": "Anula documento", "2": "Corrige texto", "3": "Corrige montos" };
const MM = 72 / 25.4;

function money(n: number | undefined): string {
  return n === undefined ? "" : `$ ${String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ".")}`;
}

function qty(n: number | undefined): string {
  return n === undefined ? "" : String(n).replace(".", ",");
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

/** Pixel size of the barcode PNG (pdfkit knows it; its typings do not expose openImage). */
function imageSize(doc: PDFKit.PDFDocument, png: Buffer): { width: number; height: number } {
  return (doc as unknown as { openImage(src: Buffer): { width: number; height: number } }).openImage(png);
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}

/** Draws the receipt from the top; returns where it ended, so the page can be cut to fit. */
function drawBoleta(doc: PDFKit.PDFDocument, d: DteView, barcode: Buffer, options: PdfOptions): number {
  const x = 4 * MM;
  const w = 80 * MM - 2 * x;
  const center = { width: w, align: "center" as const };
  let y = 4 * MM;
  const put = (text: string, size: number, bold = false, opts: PDFKit.Mixins.TextOptions = center) => {
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(size);
    doc.text(text, x, y, opts);
    y = doc.y + 1;
  };
  put(d.issuer.name, 10, true);
  put(`R.U.T.: ${rut(d.issuer.rut)}`, 8);
  if (d.issuer.activity) put(d.issuer.activity, 7);
  put([d.issuer.address, d.issuer.commune, d.issuer.city].filter(Boolean).join(", "), 7);
  y += 3;
  const boxTop = y;
  y += 4;
  put(documentName(d.type), 9, true);
  put(`N° ${d.folio}`, 10, true);
  doc
    .lineWidth(1)
    .strokeColor("#c00")
    .rect(x, boxTop, w, y - boxTop + 2)
    .stroke()
    .strokeColor("#000");
  y += 4;
  if (options.siiOffice) put(options.siiOffice, 7);
  put(`Fecha de emisión: ${date(d.issueDate)}`, 8);
  if (d.receiver.rut !== GENERIC_RUT) put(`Cliente: ${d.receiver.name ?? ""} (${rut(d.receiver.rut)})`, 7);
  y += 4;
  doc
    .moveTo(x, y)
    .lineTo(x + w, y)
    .lineWidth(0.5)
    .stroke();
  y += 4;
  for (const l of d.lines) {
    put(`${l.name}${l.exemptIndicator === 1 ? " (exento)" : ""}`, 8, false, { width: w });
    const detail = [
      l.quantity !== undefined ? `${qty(l.quantity)}${l.unit ? ` ${l.unit}` : ""} x ${money(l.unitPrice)}` : "",
      lineAdjustment(l),
    ]
      .filter(Boolean)
      .join("  ");
    doc
      .font("Helvetica")
      .fontSize(7)
      .text(detail, x, y, { width: w * 0.65 });
    doc.font("Helvetica").fontSize(8).text(money(l.amount), x, y, { width: w, align: "right" });
    y = Math.max(doc.y, y + 9) + 2;
  }
  doc
    .moveTo(x, y)
    .lineTo(x + w, y)
    .lineWidth(0.5)
    .stroke();
  y += 4;
  for (const [label, value] of totalsRows(d)) {
    const bold = label === "TOTAL";
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(bold ? 10 : 8);
    doc.text(label, x, y, { width: w * 0.6 });
    doc.text(value, x, y, { width: w, align: "right" });
    y = doc.y + 2;
  }
  if (d.totals.iva !== undefined) put(`El IVA de esta boleta es ${money(d.totals.iva)}`, 7);
  for (const r of d.references) put(`Ref.: ${referenceText(r)}`, 7, false, { width: w });
  y += 6;
  const imageWidth = w;
  doc.image(barcode, x, y, { width: imageWidth });
  const img = imageSize(doc, barcode);
  y += (imageWidth * img.height) / img.width + 4;
  for (const legend of timbreLegends(options)) put(legend, 7);
  return y + 4 * MM;
}

function drawLetter(doc: PDFKit.PDFDocument, d: DteView, barcode: Buffer, options: PdfOptions): void {
  const left = 40;
  const right = 612 - 40;
  const width = right - left;
  const boxW = 200;
  const boxX = right - boxW;
  // Issuer
  doc
    .font("Helvetica-Bold")
    .fontSize(13)
    .text(d.issuer.name, left, 40, { width: width - boxW - 20 });
  doc.font("Helvetica").fontSize(8.5);
  for (const t of [
    d.issuer.activity,
    [d.issuer.address, d.issuer.commune, d.issuer.city].filter(Boolean).join(", "),
    [d.issuer.email, d.issuer.phone].filter(Boolean).join(" · "),
  ]) {
    if (t) doc.text(t, { width: width - boxW - 20 });
  }
  const issuerBottom = doc.y;
  // Folio box
  doc.lineWidth(2).strokeColor("#c00").rect(boxX, 40, boxW, 78).stroke().strokeColor("#000");
  doc.fillColor("#c00").font("Helvetica-Bold").fontSize(11);
  doc.text(`R.U.T.: ${rut(d.issuer.rut)}`, boxX, 52, { width: boxW, align: "center" });
  doc.text(documentName(d.type), boxX + 8, doc.y + 4, { width: boxW - 16, align: "center" });
  doc.text(`N° ${d.folio}`, boxX, doc.y + 4, { width: boxW, align: "center" });
  doc.fillColor("#000");
  if (options.siiOffice)
    doc.font("Helvetica").fontSize(8).text(options.siiOffice, boxX, 124, { width: boxW, align: "center" });
  // Receiver
  let y = Math.max(issuerBottom, 140) + 10;
  const rc = d.receiver;
  const rows: Array<[string, string | undefined]> = [
    ["Señor(es)", rc.name],
    ["R.U.T.", rut(rc.rut)],
    ["Giro", rc.activity],
    ["Dirección", [rc.address, rc.commune, rc.city].filter(Boolean).join(", ") || undefined],
    ["Contacto", [rc.contact, rc.email].filter(Boolean).join(" · ") || undefined],
    ["Fecha de emisión", date(d.issueDate)],
  ];
  doc
    .lineWidth(0.5)
    .rect(left, y, width, 14 * rows.filter((r) => r[1]).length + 8)
    .stroke();
  y += 5;
  for (const [label, value] of rows) {
    if (!value) continue;
    doc
      .font("Helvetica-Bold")
      .fontSize(8.5)
      .text(`${label}:`, left + 6, y, { width: 90 });
    doc.font("Helvetica").text(value, left + 100, y, { width: width - 106, height: 12, ellipsis: true });
    y += 14;
  }
  y += 14;
  // Lines
  const cols = [
    { title: "Código", x: left, w: 60, align: "left" as const },
    { title: "Descripción", x: left + 62, w: 220, align: "left" as const },
    { title: "Cantidad", x: left + 284, w: 50, align: "right" as const },
    { title: "P. unitario", x: left + 336, w: 62, align: "right" as const },
    { title: "Desc./Rec.", x: left + 400, w: 68, align: "right" as const },
    { title: "Monto", x: left + 470, w: width - 470, align: "right" as const },
  ];
  const header = () => {
    doc
      .rect(left, y - 3, width, 15)
      .fill("#eee")
      .fillColor("#000");
    doc.font("Helvetica-Bold").fontSize(8);
    for (const c of cols) doc.text(c.title, c.x, y, { width: c.w, align: c.align });
    y += 16;
  };
  header();
  const bottomLimit = 792 - 200;
  for (const l of d.lines) {
    const description = [l.name + (l.exemptIndicator === 1 ? " (exento)" : ""), l.description]
      .filter(Boolean)
      .join("\n");
    doc.font("Helvetica").fontSize(8);
    const h = Math.max(doc.heightOfString(description, { width: cols[1]!.w }), 10);
    if (y + h > bottomLimit) {
      doc.addPage({ size: "LETTER", margin: 40 });
      y = 40;
      header();
    }
    const values = [
      l.code ?? "",
      description,
      `${qty(l.quantity)}${l.unit ? ` ${l.unit}` : ""}`,
      money(l.unitPrice),
      lineAdjustment(l),
      money(l.amount),
    ];
    cols.forEach((c, i) => doc.font("Helvetica").fontSize(8).text(values[i]!, c.x, y, { width: c.w, align: c.align }));
    y += h + 4;
  }
  doc.moveTo(left, y).lineTo(right, y).stroke();
  y += 8;
  // References, then totals on the right and the timbre on the left.
  if (d.references.length > 0) {
    doc.font("Helvetica-Bold").fontSize(8).text("Referencias", left, y);
    doc.font("Helvetica").fontSize(8);
    for (const r of d.references) doc.text(referenceText(r), left, doc.y + 1, { width: width - 180 });
    y = doc.y + 8;
  }
  if (y > bottomLimit + 40) {
    doc.addPage({ size: "LETTER", margin: 40 });
    y = 40;
  }
  let ty = y;
  for (const [label, value] of totalsRows(d)) {
    const bold = label === "TOTAL";
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(bold ? 11 : 9);
    doc.text(label, right - 170, ty, { width: 90 });
    doc.text(value, right - 80, ty, { width: 80, align: "right" });
    ty += bold ? 16 : 13;
  }
  const imageWidth = 70 * MM;
  doc.image(barcode, left, y, { width: imageWidth });
  const img = imageSize(doc, barcode);
  let ly = y + (imageWidth * img.height) / img.width + 4;
  doc.font("Helvetica").fontSize(8);
  for (const legend of timbreLegends(options)) {
    doc.text(legend, left, ly, { width: imageWidth, align: "center" });
    ly = doc.y + 1;
  }
  if (options.cedible) {
    doc
      .font("Helvetica-Bold")
      .fontSize(12)
      .text(d.type === 52 ? "CEDIBLE CON SU FACTURA" : "CEDIBLE", right - 200, Math.max(ty, ly) + 10, {
        width: 200,
        align: "right",
      });
  }
}

/** The PDF of a signed DTE (ours or any issuer's; reads it back, so it prints what was signed). */
export async function renderPdf(signedDte: string | Uint8Array, options: PdfOptions): Promise<Buffer> {
  const d = readDte(signedDte);
  if (!d.ted) throw new Error("the document has no TED to print");
  const barcode = await tedBarcodePng(d.ted);
  const info = {
    Title: `${documentName(d.type)} N° ${d.folio}`,
    Author: d.issuer.name,
    Producer: "Timbre",
    CreationDate: new Date(`${d.issueDate}T12:00:00Z`),
  };
  if (isBoleta(d.type)) {
    // Receipt paper is one long page: lay it out once to measure, then for real.
    const probe = new PDFDocument({ size: [80 * MM, 10_000], margin: 0, autoFirstPage: true });
    const height = drawBoleta(probe, d, barcode, options);
    probe.end();
    const doc = new PDFDocument({ size: [80 * MM, Math.ceil(height)], margin: 0, info });
    drawBoleta(doc, d, barcode, options);
    return collect(doc);
  }
  const doc = new PDFDocument({ size: "LETTER", margin: 40, info });
  drawLetter(doc, d, barcode, options);
  return collect(doc);
}
