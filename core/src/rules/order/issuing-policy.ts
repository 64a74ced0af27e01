import type { Buyer, OrderLine } from "./normalized-order.js";
import { GENERIC_RUT } from "../dte/types.js";
import { canonicalRut } from "./buyer-rut.js";
import type { PlatformHold } from "../stock/reservation-policy.js";

const HOLD_REASONS: Record<PlatformHold, PendingReason> = {
  payment_review: {
    code: "platform_hold",
    message: "El pago está en revisión en la tienda: no se emite el documento hasta que se acepte.",
    action: "Revise el pago en el panel de la tienda y acéptelo o recházelo.",
  },
  suspected_fraud: {
    code: "platform_hold",
    message: "La tienda marcó el pedido como posible fraude: no se emite el documento hasta que se acepte.",
    action: "Revise el pedido en el panel de la tienda y acepte o rechace el pago.",
  },
  on_hold: {
    code: "platform_hold",
    message: "El pedido está retenido en la tienda: no se emite el documento hasta que se libere.",
    action: "Libere el pedido en el panel de la tienda cuando corresponda.",
  },
};

export type SaleDocumentType = 33 | 34 | 39 | 41;

export interface PendingReason {
  code:
    | "unknown_sku"
    | "duplicate_sku"
    | "missing_sku"
    | "no_caf"
    | "no_certificate"
    | "factura_data"
    | "platform_hold"
    /** Processing failed on every attempt: the hub stopped retrying and needs the merchant (or support). */
    | "cannot_process";
  message: string;
  /** What the merchant can do about it. */
  action: string;
}

export interface Receiver {
  rut: string;
  name?: string;
  activity?: string;
  address?: string;
  commune?: string;
  email?: string;
}

export type Decision =
  | { action: "none"; why: string }
  | { action: "wait"; why: string }
  | { action: "pending"; reasons: PendingReason[] }
  | { action: "issue"; type: SaleDocumentType; receiver: Receiver; notes: string[] };

export interface PolicyInput {
  status: "pending" | "paid" | "cancelled" | "refunded" | "partially_refunded";
  buyer: Buyer;
  lines: OrderLine[];
  shippingExempt: boolean | undefined;
  /** When the store issues: on payment (default) or on delivery confirmation. */
  trigger: "payment" | "delivery";
  delivered: boolean;
  /** The merchant's choice on this order, over what the buyer asked for. */
  override: "boleta" | "factura" | undefined;
  /** The store's document when the buyer chose none (default boleta). */
  defaultDocument?: "boleta" | "factura" | undefined;
  hasSaleDocument: boolean;
  /** The platform holds the order for the merchant's decision (payment review, suspected fraud, on hold). */
  hold?: PlatformHold | null | undefined;
  skuProblems: { unknown: string[]; duplicated: string[] };
  /** Document types with a CAF that has folios left and is not expired. */
  usableTypes: ReadonlySet<number>;
  hasCertificate: boolean;
}

const FACTURA_FIELDS = [
  ["businessName", "razón social"],
  ["activity", "giro"],
  ["address", "dirección"],
  ["commune", "comuna"],
] as const;

/**
 * Which document an order gets, if any, and when. Pure: the hub gathers the facts, this decides.
 * Never guesses: an unknown or duplicated SKU, or a company that cannot issue, leaves the order
 * pending with reasons the merchant can act on.
 */
export function decideDocument(i: PolicyInput): Decision {
  if (i.hasSaleDocument) return { action: "none", why: "already issued" };
  // Checked before payment: a merchant must see why an order in review waits, paid or not.
  if (i.hold && i.status !== "cancelled" && i.status !== "refunded")
    return { action: "pending", reasons: [HOLD_REASONS[i.hold]] };
  if (i.status === "pending") return { action: "wait", why: "not paid yet" };
  if (i.status === "cancelled" || i.status === "refunded")
    return { action: "none", why: "cancelled or refunded before issuing" };
  if (i.trigger === "delivery" && !i.delivered) return { action: "wait", why: "waiting for delivery confirmation" };

  const notes: string[] = [];
  const wantsFactura = (i.override ?? i.buyer.document ?? i.defaultDocument ?? "boleta") === "factura";
  const rut = canonicalRut(i.buyer.rut);
  let factura = false;
  const reasons: PendingReason[] = [];
  if (wantsFactura) {
    const missing: string[] = FACTURA_FIELDS.filter(([k]) => !i.buyer[k]?.trim()).map(([, label]) => label);
    if (!rut) missing.unshift("RUT válido");
    if (missing.length === 0) factura = true;
    else if (i.override === "factura") {
      // The merchant insisted: fix the data rather than silently issue a boleta.
      reasons.push({
        code: "factura_data",
        message: `Faltan datos para la factura: ${missing.join(", ")}.`,
        action: "Complete los datos del comprador o cambie el documento a boleta.",
      });
    } else {
      notes.push(`El comprador pidió factura pero faltan datos (${missing.join(", ")}): se emite boleta.`);
    }
  }

  const noSku = i.lines.filter((l) => !l.sku).map((l) => l.name);
  if (noSku.length > 0) {
    reasons.push({
      code: "missing_sku",
      message: `Productos sin SKU: ${noSku.join(", ")}.`,
      action: "Asigne un SKU a cada producto en la tienda.",
    });
  }
  if (i.skuProblems.unknown.length > 0) {
    reasons.push({
      code: "unknown_sku",
      message: `SKU desconocidos: ${i.skuProblems.unknown.join(", ")}.`,
      action: "Cree esos productos en Timbre o corrija el SKU en la tienda.",
    });
  }
  if (i.skuProblems.duplicated.length > 0) {
    reasons.push({
      code: "duplicate_sku",
      message: `SKU repetidos en el catálogo: ${i.skuProblems.duplicated.join(", ")}.`,
      action: "Deje cada SKU en un solo producto.",
    });
  }

  const allExempt = i.lines.every((l) => l.exempt) && i.shippingExempt !== false;
  const type: SaleDocumentType = factura ? (allExempt ? 34 : 33) : allExempt ? 41 : 39;
  if (!i.usableTypes.has(type)) {
    reasons.push({
      code: "no_caf",
      message: `No hay folios disponibles (CAF vigente) para el tipo ${type}.`,
      action: "Cargue un CAF de ese tipo descargado del SII.",
    });
  }
  if (!i.hasCertificate) {
    reasons.push({
      code: "no_certificate",
      message: "No hay certificado digital vigente.",
      action: "Cargue el certificado (.pfx) de la empresa.",
    });
  }
  if (reasons.length > 0) return { action: "pending", reasons };

  const b = i.buyer;
  const receiver: Receiver = factura
    ? {
        rut: rut!,
        name: b.businessName!,
        activity: b.activity!,
        address: b.address!,
        commune: b.commune!,
        ...(b.email ? { email: b.email } : {}),
      }
    : {
        rut: rut ?? GENERIC_RUT,
        ...(rut && (b.businessName || b.name) ? { name: (b.businessName || b.name)! } : {}),
        ...(b.email ? { email: b.email } : {}),
      };
  return { action: "issue", type, receiver, notes };
}
