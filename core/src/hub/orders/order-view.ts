import type { AuditEvent, Document, Order } from "@prisma/client";

export interface DocumentView {
  id: string;
  kind: Document["kind"];
  type: number;
  folio: number;
  issueDate: string;
  total: number;
  state: Document["state"];
  siiResult: unknown;
  pdfUrl: string;
  xmlUrl: string;
  referencesId: string | null;
  emailedAt: string | null;
}

export interface OrderView {
  id: string;
  externalId: string;
  number: string | null;
  status: Order["status"];
  updatedAt: string;
  pricesIncludeTax: boolean;
  buyer: unknown;
  lines: unknown;
  shipping: unknown;
  pendingReasons: unknown;
  /** The buyer as a hub customer (guests have their own code), when the platform said. */
  customer: { code: string; guest: boolean } | null;
  documents: DocumentView[];
}

export interface OrderViewOptions {
  customer?: { code: string; isGuest: boolean } | null;
  /** Signed links (open without the key) instead of the API paths. */
  links?: (documentId: string) => { pdfUrl: string; xmlUrl: string };
}

export function documentView(d: Document, links?: OrderViewOptions["links"]): DocumentView {
  return {
    id: d.id,
    kind: d.kind,
    type: d.type,
    folio: d.folio,
    issueDate: d.issueDate.toISOString().slice(0, 10),
    total: d.totalAmount,
    state: d.state,
    siiResult: d.siiResult,
    ...(links ? links(d.id) : { pdfUrl: `/api/v1/documents/${d.id}.pdf`, xmlUrl: `/api/v1/documents/${d.id}.xml` }),
    referencesId: d.referencesId,
    emailedAt: d.emailedAt?.toISOString() ?? null,
  };
}

export function orderView(o: Order, documents: Document[] = [], options: OrderViewOptions = {}): OrderView {
  return {
    id: o.id,
    externalId: o.externalId,
    number: o.number,
    status: o.status,
    updatedAt: o.externalUpdatedAt.toISOString(),
    pricesIncludeTax: o.pricesIncludeTax,
    buyer: o.buyer,
    lines: o.lines,
    shipping: o.shipping,
    pendingReasons: o.pendingReasons,
    customer: options.customer ? { code: options.customer.code, guest: options.customer.isGuest } : null,
    documents: documents.map((d) => documentView(d, options.links)),
  };
}

export interface AuditView {
  at: string;
  action: string;
  actor: string;
  data: unknown;
}

export function auditView(e: AuditEvent): AuditView {
  return { at: e.createdAt.toISOString(), action: e.action, actor: e.actor, data: e.data };
}
