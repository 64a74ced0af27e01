import { DOCUMENT_NAMES, isDteType } from "../../rules/dte/types.js";
import type { OutgoingMail } from "./mailer.js";

/** "Boleta electrónica", from the SII's upper-case names. */
export function documentTypeName(type: number): string {
  const name = isDteType(type) ? DOCUMENT_NAMES[type] : `Documento tributario electrónico tipo ${type}`;
  return name.charAt(0) + name.slice(1).toLocaleLowerCase("es-CL");
}

export interface DocumentEmailInput {
  to: string;
  buyerName: string | undefined;
  issuer: { businessName: string; rut: string };
  type: number;
  folio: number;
  total: number;
  issueDate: string;
  orderNumber: string | undefined;
  pdf: Buffer;
  xml: Buffer;
}

const clp = (n: number) => `$${n.toLocaleString("es-CL")}`;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** The buyer's e-mail: the PDF to read and the XML the SII requires receivers to be able to get. */
export function documentEmail(d: DocumentEmailInput): OutgoingMail {
  const name = documentTypeName(d.type);
  const subject = `${name} N° ${d.folio} de ${d.issuer.businessName}${d.orderNumber ? ` (pedido ${d.orderNumber})` : ""}`;
  const greeting = d.buyerName ? `Hola ${d.buyerName}:` : "Hola:";
  const lines = [
    greeting,
    "",
    `Adjuntamos su ${name.toLowerCase()} N° ${d.folio}, emitida el ${d.issueDate} por ${d.issuer.businessName} (RUT ${d.issuer.rut}), por un total de ${clp(d.total)}.`,
    d.orderNumber ? `Corresponde a su pedido ${d.orderNumber}.` : "",
    "",
    "Encontrará el documento en PDF y su archivo XML, que puede verificar en el sitio del SII (www.sii.cl).",
    "",
    `— ${d.issuer.businessName}`,
    "",
    "---",
    `Your ${name} no. ${d.folio} from ${d.issuer.businessName}, total ${clp(d.total)}, is attached (PDF and XML).`,
  ].filter((l, i, a) => !(l === "" && a[i - 1] === ""));
  const base = `DTE-${d.issuer.rut}-T${d.type}-F${d.folio}`;
  return {
    to: d.to,
    subject,
    text: lines.join("\n"),
    html: `<div lang="es-CL">${lines.map((l) => (l === "" ? "<br>" : `<p>${escapeHtml(l)}</p>`)).join("")}</div>`,
    attachments: [
      { filename: `${base}.pdf`, content: d.pdf, contentType: "application/pdf" },
      { filename: `${base}.xml`, content: d.xml, contentType: "application/xml" },
    ],
  };
}
