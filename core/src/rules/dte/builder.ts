import { TimbreError, type FieldIssue } from "../../errors.js";
import { computeAmounts, IVA_RATE_PERCENT, type Amounts, type DocumentTotals, type PriceMode } from "../amounts.js";
import { assertCaf, type Caf, type SiiEnvironment, type SiiKeys } from "./caf.js";
import { cut, escapeXml, toLatin1 } from "./latin1.js";
import { parseDteRequest, type DteRequest, type DteRequestInput } from "./request.js";
import { buildTed } from "./ted.js";
import { siiTimestamp } from "./time.js";
import {
  ANONYMOUS_NAME,
  GENERIC_RUT,
  isBoleta,
  isExemptType,
  isNote,
  LENGTHS,
  SII_NAMESPACE,
  type DteType,
} from "./types.js";

/** Builds the unsigned DTE: Documento in XSD order, TED stamped, TmstFirma set (sii.md §4, §6, §7). */

export const XML_DECLARATION = '<?xml version="1.0" encoding="ISO-8859-1"?>\n';

export interface BuildOptions {
  folio: number;
  /** TSTED and TmstFirma; a Date is written as Chile local time. */
  timestamp: Date | string;
  /** The company's SII environment: the CAF's IDK must match it. */
  environment?: SiiEnvironment;
  /** When given, the CAF's FRMA must verify with them. */
  siiKeys?: SiiKeys;
}

export interface BuiltDte {
  /** The whole document, XML declaration included, not yet signed. */
  xml: string;
  /** Documento ID, e.g. "T39F1". */
  id: string;
  type: DteType;
  folio: number;
  issueDate: string;
  totals: DocumentTotals;
  /** The TED as embedded (flattened), for the PDF417. */
  ted: string;
  /** Text that was transliterated, dropped or cut; the document is still valid. */
  warnings: FieldIssue[];
  /** The request as validated (issuer RUT, resolution… for the envelope and the PDF). */
  request: DteRequest;
}

/** Latin-1, trimmed and cut to the XSD length, with a warning for whatever changed. */
class TextFields {
  readonly warnings: FieldIssue[] = [];

  take(value: string | undefined, field: string, max: number): string | undefined {
    if (value === undefined) return undefined;
    const { text, changed } = toLatin1(value);
    if (changed.length > 0) {
      this.warnings.push({
        field,
        message: `Se reemplazaron o quitaron caracteres que el SII no acepta: ${changed.join(" ")}`,
      });
    }
    let t = text.trim();
    if (t.length > max) {
      this.warnings.push({ field, message: `Se cortó a ${max} caracteres.` });
      t = cut(t, max).trimEnd();
    }
    return t === "" ? undefined : t;
  }

  required(value: string, field: string, max: number): string {
    const t = this.take(value, field, max);
    if (t === undefined) {
      const es = "Sin caracteres que el SII acepte.";
      throw new TimbreError(
        "dte.text_empty",
        { es: `${field}: ${es}`, en: `${field}: no characters the SII accepts.` },
        { fields: [{ field, message: es }] },
      );
    }
    return t;
  }
}

function el(name: string, value: string | number | undefined): string {
  if (value === undefined) return "";
  return `<${name}>${typeof value === "number" ? value : escapeXml(value)}</${name}>`;
}

/**
 * Boletas are priced with IVA included, and so is a note that corrects one: its lines are the
 * boleta's (gross) prices, as the order pipeline sends them. Anything else is net unless told.
 */
function priceMode(r: DteRequest): PriceMode {
  const correctsBoleta =
    isNote(r.type) && r.references.some((ref) => ref.type !== undefined && [39, 41].includes(Number(ref.type)));
  return (r.pricesIncludeTax ?? (isBoleta(r.type) || correctsBoleta)) ? "gross" : "net";
}

function totalsXml(r: DteRequest, a: Amounts): string {
  const t = a.totals;
  const taxable = !isExemptType(r.type) && a.hasTaxable;
  const exempt = a.hasExempt || isExemptType(r.type);
  return (
    "<Totales>" +
    (taxable ? el("MntNeto", t.net) : "") +
    (exempt ? el("MntExe", t.exempt) : "") +
    (taxable && !isBoleta(r.type) ? el("TasaIVA", IVA_RATE_PERCENT) : "") +
    (taxable ? el("IVA", t.iva) : "") +
    el("MntTotal", t.total) +
    "</Totales>"
  );
}

export function buildDte(request: DteRequestInput | DteRequest, caf: Caf, options: BuildOptions): BuiltDte {
  const r = parseDteRequest(request);
  const folio = options.folio;
  if (!Number.isInteger(folio) || folio < 1) {
    throw new TimbreError(
      "dte.folio_invalid",
      { es: "El folio debe ser un entero positivo.", en: "The folio must be a positive integer." },
      { fields: [{ field: "folio", message: "entero positivo" }] },
    );
  }
  const timestamp = siiTimestamp(options.timestamp);
  assertCaf(caf, {
    issuerRut: r.issuer.rut,
    type: r.type,
    folio,
    issueDate: r.issueDate,
    stampedOn: timestamp.slice(0, 10),
    needsPrivateKey: true,
    ...(options.environment ? { environment: options.environment } : {}),
    ...(options.siiKeys ? { siiKeys: options.siiKeys } : {}),
  });
  const boleta = isBoleta(r.type);
  const exemptDoc = isExemptType(r.type);
  const mode = priceMode(r);
  const amounts = computeAmounts({
    mode,
    lines: r.lines.map((l) => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      exempt: exemptDoc || l.exempt === true,
      discount: l.discount,
      surcharge: l.surcharge,
    })),
    globalDiscount: r.globalDiscount,
    globalSurcharge: r.globalSurcharge,
  });
  const tx = new TextFields();
  const id = `T${r.type}F${folio}`;

  // IdDoc
  let idDoc = `<IdDoc><TipoDTE>${r.type}</TipoDTE><Folio>${folio}</Folio><FchEmis>${r.issueDate}</FchEmis>`;
  if (boleta) {
    idDoc += el("IndServicio", r.serviceIndicator ?? 3);
    if (!exemptDoc && mode === "net") idDoc += el("IndMntNeto", 2);
  } else {
    if (r.type === 52)
      idDoc += el("TipoDespacho", r.transport?.dispatchType) + el("IndTraslado", r.transport?.transferType ?? 1);
    if (!exemptDoc && mode === "gross") idDoc += el("MntBruto", 1);
    idDoc += el("FmaPago", r.paymentMethod);
  }
  idDoc += "</IdDoc>";

  // Emisor: boletas use RznSocEmisor/GiroEmisor and carry no Acteco, phone or e-mail.
  const is = r.issuer;
  const issuerName = tx.required(is.name, "issuer.name", LENGTHS.issuerName);
  const issuerActivity = tx.required(is.activity, "issuer.activity", LENGTHS.issuerActivity);
  const issuerTail =
    el("CdgSIISucur", is.branchCode) +
    el("DirOrigen", tx.required(is.address, "issuer.address", LENGTHS.address)) +
    el("CmnaOrigen", tx.required(is.commune, "issuer.commune", LENGTHS.commune)) +
    el("CiudadOrigen", tx.take(is.city, "issuer.city", LENGTHS.city));
  const emisor = boleta
    ? `<Emisor><RUTEmisor>${is.rut}</RUTEmisor>${el("RznSocEmisor", issuerName)}${el("GiroEmisor", issuerActivity)}${issuerTail}</Emisor>`
    : `<Emisor><RUTEmisor>${is.rut}</RUTEmisor>${el("RznSoc", issuerName)}${el("GiroEmis", issuerActivity)}` +
      el("Telefono", tx.take(is.phone, "issuer.phone", LENGTHS.phone)) +
      el("CorreoEmisor", tx.take(is.email, "issuer.email", LENGTHS.email)) +
      is.acteco.map((a) => el("Acteco", a)).join("") +
      `${issuerTail}</Emisor>`;

  // Receptor
  const rc = r.receiver ?? { rut: GENERIC_RUT };
  // The TED needs an RSR even for an anonymous consumer.
  const receiverName = boleta
    ? (tx.take(rc.name, "receiver.name", LENGTHS.receiverName) ?? ANONYMOUS_NAME)
    : tx.required(rc.name ?? "", "receiver.name", LENGTHS.receiverName);
  const receiverPlace =
    el("DirRecep", tx.take(rc.address, "receiver.address", LENGTHS.address)) +
    el("CmnaRecep", tx.take(rc.commune, "receiver.commune", LENGTHS.commune)) +
    el("CiudadRecep", tx.take(rc.city, "receiver.city", LENGTHS.city));
  const contact = el("Contacto", tx.take(rc.contact, "receiver.contact", LENGTHS.contact));
  const receptor = boleta
    ? `<Receptor><RUTRecep>${rc.rut}</RUTRecep>${el("RznSocRecep", receiverName)}${contact}${receiverPlace}</Receptor>`
    : `<Receptor><RUTRecep>${rc.rut}</RUTRecep>${el("RznSocRecep", receiverName)}` +
      el("GiroRecep", tx.take(rc.activity, "receiver.activity", LENGTHS.receiverActivity)) +
      contact +
      el("CorreoRecep", tx.take(rc.email, "receiver.email", LENGTHS.email)) +
      `${receiverPlace}</Receptor>`;

  const tr = r.transport;
  const transporte =
    r.type === 52 && tr && (tr.address || tr.commune || tr.city)
      ? "<Transporte>" +
        el("DirDest", tx.take(tr.address, "transport.address", LENGTHS.address)) +
        el("CmnaDest", tx.take(tr.commune, "transport.commune", LENGTHS.commune)) +
        el("CiudadDest", tx.take(tr.city, "transport.city", LENGTHS.city)) +
        "</Transporte>"
      : "";

  // Detalle
  let firstItem = "";
  const detalle = r.lines
    .map((l, i) => {
      const a = amounts.lines[i]!;
      const name = tx.take(l.name, `lines.${i}.name`, LENGTHS.itemName) ?? `Item ${i + 1}`;
      if (i === 0) firstItem = name;
      const code = tx.take(l.code, `lines.${i}.code`, LENGTHS.itemCode);
      return (
        `<Detalle><NroLinDet>${i + 1}</NroLinDet>` +
        (code ? `<CdgItem><TpoCodigo>INT1</TpoCodigo>${el("VlrCodigo", code)}</CdgItem>` : "") +
        (a.exempt ? "<IndExe>1</IndExe>" : "") +
        el("NmbItem", name) +
        el("DscItem", tx.take(l.description, `lines.${i}.description`, LENGTHS.itemDescription)) +
        el("QtyItem", String(l.quantity)) +
        el("UnmdItem", tx.take(l.unit, `lines.${i}.unit`, LENGTHS.itemUnit)) +
        (l.unitPrice > 0 ? el("PrcItem", String(l.unitPrice)) : "") +
        (a.discountAmount > 0
          ? el("DescuentoPct", a.discountPercent === undefined ? undefined : String(a.discountPercent)) +
            el("DescuentoMonto", a.discountAmount)
          : "") +
        (a.surchargeAmount > 0
          ? el("RecargoPct", a.surchargePercent === undefined ? undefined : String(a.surchargePercent)) +
            el("RecargoMonto", a.surchargeAmount)
          : "") +
        `<MontoItem>${a.amount}</MontoItem></Detalle>`
      );
    })
    .join("");

  const globals = amounts.adjustments
    .map((g, i) => {
      const what = g.movement === "D" ? "Descuento" : "Recargo";
      const gloss = g.valueType === "%" ? `${what} global ${g.value}%` : `${what} global`;
      return (
        `<DscRcgGlobal><NroLinDR>${i + 1}</NroLinDR><TpoMov>${g.movement}</TpoMov>${el("GlosaDR", cut(gloss, LENGTHS.globalGloss))}` +
        `<TpoValor>${escapeXml(g.valueType)}</TpoValor><ValorDR>${g.value}</ValorDR>${g.appliesTo === "exempt" ? "<IndExeDR>1</IndExeDR>" : ""}</DscRcgGlobal>`
      );
    })
    .join("");

  const referencias = r.references
    .map((ref, i) => {
      const reason = el("RazonRef", tx.take(ref.reason, `references.${i}.reason`, LENGTHS.referenceReason));
      const type = el("TpoDocRef", ref.type === undefined ? undefined : String(ref.type));
      const refFolio = el("FolioRef", ref.folio === undefined ? undefined : String(ref.folio));
      const code = el("CodRef", ref.code === undefined ? undefined : String(ref.code));
      return boleta
        ? `<Referencia><NroLinRef>${i + 1}</NroLinRef>${type}${refFolio}${code}${reason}</Referencia>`
        : `<Referencia><NroLinRef>${i + 1}</NroLinRef>${type}${refFolio}${el("FchRef", ref.date)}${code}${reason}</Referencia>`;
    })
    .join("");

  const { ted } = buildTed(
    {
      issuerRut: is.rut,
      type: r.type,
      folio,
      issueDate: r.issueDate,
      receiverRut: rc.rut,
      receiverName,
      total: amounts.totals.total,
      firstItem,
      timestamp,
    },
    caf,
  );

  const xml =
    `${XML_DECLARATION}<DTE xmlns="${SII_NAMESPACE}" version="1.0"><Documento ID="${id}"><Encabezado>${idDoc}${emisor}${receptor}${transporte}` +
    `${totalsXml(r, amounts)}</Encabezado>${detalle}${globals}${referencias}${ted}<TmstFirma>${timestamp}</TmstFirma></Documento></DTE>`;
  return {
    xml,
    id,
    type: r.type,
    folio,
    issueDate: r.issueDate,
    totals: amounts.totals,
    ted,
    warnings: tx.warnings,
    request: r,
  };
}
