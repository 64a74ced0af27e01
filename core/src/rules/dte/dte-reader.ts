import { decodeXml } from "./latin1.js";
import { extractTed } from "./ted.js";
import { child, childElements, childText, parseXml, path } from "./xml-dom.js";

/** A DTE read back into plain values (any issuer's, boleta or not), for verification and printing. */

export interface DteLineView {
  number: number;
  code: string | undefined;
  /** IndExe: 1 exempt, 2 not billable, … */
  exemptIndicator: number | undefined;
  name: string;
  description: string | undefined;
  quantity: number | undefined;
  unit: string | undefined;
  unitPrice: number | undefined;
  discountPercent: number | undefined;
  discountAmount: number | undefined;
  surchargePercent: number | undefined;
  surchargeAmount: number | undefined;
  amount: number;
}

export interface DteAdjustmentView {
  movement: string;
  gloss: string | undefined;
  valueType: string;
  value: number;
  exemptIndicator: number | undefined;
}

export interface DteReferenceView {
  type: string | undefined;
  folio: string | undefined;
  date: string | undefined;
  code: string | undefined;
  reason: string | undefined;
}

export interface DteView {
  id: string;
  type: number;
  folio: number;
  issueDate: string;
  /** IndMntNeto=2 (boletas with net lines). */
  netLines: boolean;
  /** MntBruto=1 (facturas with gross lines). */
  grossLines: boolean;
  issuer: {
    rut: string;
    name: string;
    activity: string | undefined;
    address: string | undefined;
    commune: string | undefined;
    city: string | undefined;
    email: string | undefined;
    phone: string | undefined;
  };
  receiver: {
    rut: string;
    name: string | undefined;
    activity: string | undefined;
    address: string | undefined;
    commune: string | undefined;
    city: string | undefined;
    email: string | undefined;
    contact: string | undefined;
  };
  totals: {
    net: number | undefined;
    exempt: number | undefined;
    ivaRate: number | undefined;
    iva: number | undefined;
    total: number;
    /** Additional taxes, retentions or other amounts this reader does not recompute. */
    hasOtherTaxes: boolean;
  };
  lines: DteLineView[];
  adjustments: DteAdjustmentView[];
  references: DteReferenceView[];
  /** The TED as found in the text, flattened (what the PDF417 carries). */
  ted: string | undefined;
  timestamp: string | undefined;
}

function num(s: string | undefined): number | undefined {
  if (s === undefined || s === "") return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

const OTHER_TAX_FIELDS = [
  "MntBase",
  "MntMargenCom",
  "IVAProp",
  "IVATerc",
  "ImptoReten",
  "IVANoRet",
  "CredEC",
  "GrntDep",
  "Comisiones",
];

/** Reads the first DTE in `xml` (a standalone DTE, or an envelope). */
export function readDte(xml: string | Uint8Array): DteView {
  const text = decodeXml(xml);
  const root = parseXml(text).documentElement!;
  const dte = root.localName === "DTE" ? root : childElements(child(root, "SetDTE")!, "DTE")[0];
  const doc = child(dte, "Documento");
  if (!doc) throw new Error("no DTE/Documento in the document");
  const enc = child(doc, "Encabezado");
  const idDoc = child(enc, "IdDoc");
  const em = child(enc, "Emisor");
  const re = child(enc, "Receptor");
  const tot = child(enc, "Totales");
  return {
    id: doc.getAttribute("ID") ?? "",
    type: Number(childText(idDoc, "TipoDTE")),
    folio: Number(childText(idDoc, "Folio")),
    issueDate: childText(idDoc, "FchEmis") ?? "",
    netLines: childText(idDoc, "IndMntNeto") === "2",
    grossLines: childText(idDoc, "MntBruto") === "1",
    issuer: {
      rut: childText(em, "RUTEmisor") ?? "",
      name: childText(em, "RznSoc") ?? childText(em, "RznSocEmisor") ?? "",
      activity: childText(em, "GiroEmis") ?? childText(em, "GiroEmisor"),
      address: childText(em, "DirOrigen"),
      commune: childText(em, "CmnaOrigen"),
      city: childText(em, "CiudadOrigen"),
      email: childText(em, "CorreoEmisor"),
      phone: childText(em, "Telefono"),
    },
    receiver: {
      rut: childText(re, "RUTRecep") ?? "",
      name: childText(re, "RznSocRecep"),
      activity: childText(re, "GiroRecep"),
      address: childText(re, "DirRecep"),
      commune: childText(re, "CmnaRecep"),
      city: childText(re, "CiudadRecep"),
      email: childText(re, "CorreoRecep"),
      contact: childText(re, "Contacto"),
    },
    totals: {
      net: num(childText(tot, "MntNeto")),
      exempt: num(childText(tot, "MntExe")),
      ivaRate: num(childText(tot, "TasaIVA")),
      iva: num(childText(tot, "IVA")),
      total: num(childText(tot, "MntTotal")) ?? 0,
      hasOtherTaxes: OTHER_TAX_FIELDS.some((f) => child(tot, f) !== undefined),
    },
    lines: childElements(doc, "Detalle").map((d) => ({
      number: Number(childText(d, "NroLinDet")),
      code: childText(path(d, "CdgItem"), "VlrCodigo"),
      exemptIndicator: num(childText(d, "IndExe")),
      name: childText(d, "NmbItem") ?? "",
      description: childText(d, "DscItem"),
      quantity: num(childText(d, "QtyItem")),
      unit: childText(d, "UnmdItem"),
      unitPrice: num(childText(d, "PrcItem")),
      discountPercent: num(childText(d, "DescuentoPct")),
      discountAmount: num(childText(d, "DescuentoMonto")),
      surchargePercent: num(childText(d, "RecargoPct")),
      surchargeAmount: num(childText(d, "RecargoMonto")),
      amount: num(childText(d, "MontoItem")) ?? 0,
    })),
    adjustments: childElements(doc, "DscRcgGlobal").map((g) => ({
      movement: childText(g, "TpoMov") ?? "",
      gloss: childText(g, "GlosaDR"),
      valueType: childText(g, "TpoValor") ?? "",
      value: num(childText(g, "ValorDR")) ?? 0,
      exemptIndicator: num(childText(g, "IndExeDR")),
    })),
    references: childElements(doc, "Referencia").map((r) => ({
      type: childText(r, "TpoDocRef"),
      folio: childText(r, "FolioRef"),
      date: childText(r, "FchRef"),
      code: childText(r, "CodRef"),
      reason: childText(r, "RazonRef"),
    })),
    ted: extractTed(text)?.ted,
    timestamp: childText(doc, "TmstFirma"),
  };
}
