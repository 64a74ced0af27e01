import type { DteRequestInput } from "../dte/request.js";
import { ANONYMOUS_NAME, GENERIC_RUT } from "../dte/types.js";
import type { Receiver, SaleDocumentType } from "./issuing-policy.js";
import type { OrderLine } from "./normalized-order.js";

/** The company's data as the SII wants it on every document it issues. */
export interface IssuerData {
  rut: string;
  businessName: string;
  activity: string;
  actecos: number[];
  address: string;
  commune: string;
  city: string;
  email: string | null;
  resolutionNumber: number;
  resolutionDate: string;
}

export interface OrderForDocument {
  lines: OrderLine[];
  shipping: { name: string; price: number; exempt?: boolean } | null | undefined;
  pricesIncludeTax: boolean;
}

function issuer(c: IssuerData): DteRequestInput["issuer"] {
  return {
    rut: c.rut,
    name: c.businessName,
    activity: c.activity,
    acteco: c.actecos,
    address: c.address,
    commune: c.commune,
    ...(c.city ? { city: c.city } : {}),
    ...(c.email ? { email: c.email } : {}),
    resolution: { number: c.resolutionNumber, date: c.resolutionDate },
  };
}

type RequestLine = DteRequestInput["lines"][number];

function documentLine(l: OrderLine, quantity: number, allExempt: boolean): RequestLine {
  // A partial return gives back the same share of the line's discount.
  const discount = quantity === l.quantity ? l.discount : Math.round((l.discount * quantity) / l.quantity);
  return {
    name: l.name,
    quantity,
    unitPrice: l.unitPrice,
    ...(allExempt || l.exempt ? { exempt: true } : {}),
    ...(discount > 0 ? { discount: { amount: discount } } : {}),
    ...(l.sku ? { code: l.sku } : {}),
  };
}

function shippingLine(s: NonNullable<OrderForDocument["shipping"]>, allExempt: boolean): RequestLine {
  return { name: s.name, quantity: 1, unitPrice: s.price, ...(allExempt || s.exempt ? { exempt: true } : {}) };
}

/**
 * The sale document for an order. Discounts stay on their lines (never global), so a nota de
 * crédito can later mirror any line exactly.
 */
export function saleDocumentRequest(input: {
  company: IssuerData;
  type: SaleDocumentType;
  receiver: Receiver;
  order: OrderForDocument;
  issueDate: string;
}): DteRequestInput {
  const allExempt = input.type === 34 || input.type === 41;
  const lines = input.order.lines.map((l) => documentLine(l, l.quantity, allExempt));
  if (input.order.shipping && input.order.shipping.price > 0) lines.push(shippingLine(input.order.shipping, allExempt));
  return {
    type: input.type,
    issueDate: input.issueDate,
    issuer: issuer(input.company),
    receiver: receiverFor(input.type, input.receiver),
    lines,
    pricesIncludeTax: input.order.pricesIncludeTax,
  };
}

function receiverFor(type: number, r: Receiver): NonNullable<DteRequestInput["receiver"]> {
  const base = { rut: r.rut, ...(r.email ? { email: r.email } : {}) };
  if (type === 33 || type === 34) {
    return { ...base, name: r.name!, activity: r.activity!, address: r.address!, commune: r.commune! };
  }
  return { ...base, ...(r.name ? { name: r.name } : {}) };
}

export interface OriginalDocument {
  type: number;
  folio: number;
  issueDate: string;
  receiver: Receiver;
}

export interface RefundForDocument {
  reason: string;
  lines: Array<{ externalId: string; quantity: number }>;
  shipping: boolean;
}

/** Whether a refund gives back everything the original document charged. */
export function isFullRefund(order: OrderForDocument, refund: RefundForDocument): boolean {
  const allLines = order.lines.every((l) => {
    const r = refund.lines.find((x) => x.externalId === l.externalId);
    return r !== undefined && Math.abs(r.quantity - l.quantity) < 1e-9;
  });
  const shippingCharged = !!order.shipping && order.shipping.price > 0;
  return allLines && (!shippingCharged || refund.shipping);
}

/**
 * The nota de crédito (61) for a refund or a cancellation: the refunded lines as they were on the
 * original, referencing it with CodRef 1 (anula: everything back) or 3 (corrige montos: part).
 */
export function creditNoteRequest(input: {
  company: IssuerData;
  original: OriginalDocument;
  order: OrderForDocument;
  refund: RefundForDocument;
  issueDate: string;
}): DteRequestInput {
  const { original, order, refund } = input;
  const allExempt = original.type === 34 || original.type === 41;
  const full = isFullRefund(order, refund);
  const lines: RequestLine[] = [];
  for (const l of order.lines) {
    const r = refund.lines.find((x) => x.externalId === l.externalId);
    if (r) lines.push(documentLine(l, r.quantity, allExempt));
  }
  if (refund.shipping && order.shipping && order.shipping.price > 0)
    lines.push(shippingLine(order.shipping, allExempt));
  return {
    type: 61,
    issueDate: input.issueDate,
    issuer: issuer(input.company),
    receiver: creditNoteReceiver(original),
    lines,
    references: [
      {
        type: original.type,
        folio: original.folio,
        date: original.issueDate,
        code: full ? 1 : 3,
        reason: (full ? "Anula documento" : "Devolución parcial") + (refund.reason ? `: ${refund.reason}` : ""),
      },
    ],
    pricesIncludeTax: order.pricesIncludeTax,
  };
}

/**
 * A nota de crédito needs a receiver with full fiscal data unless it goes to the generic RUT.
 * A boleta buyer who gave only a RUT and a name gets the generic receiver on the nota: inventing a
 * giro or an address would be worse.
 */
function creditNoteReceiver(original: OriginalDocument): NonNullable<DteRequestInput["receiver"]> {
  const r = original.receiver;
  if (r.rut !== GENERIC_RUT && r.name && r.activity && r.address && r.commune) {
    return {
      rut: r.rut,
      name: r.name,
      activity: r.activity,
      address: r.address,
      commune: r.commune,
      ...(r.email ? { email: r.email } : {}),
    };
  }
  return { rut: GENERIC_RUT, name: ANONYMOUS_NAME, ...(r.email ? { email: r.email } : {}) };
}
