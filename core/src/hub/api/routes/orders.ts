import { z } from "zod";
import { NormalizedOrderSchema } from "../../../rules/order/normalized-order.js";
import type { Db } from "../../db/prisma-client.js";
import { ingestOrder } from "../../orders/ingest-order.js";
import { recordRefund } from "../../orders/record-refund.js";
import { RefundRequestSchema } from "../../../rules/order/refund-request.js";
import { findStoreOrder } from "../../orders/find-order.js";
import { changeDocumentType } from "../../orders/change-document-type.js";
import { reprocessOrder } from "../../orders/reprocess-order.js";
import { auditView, orderView } from "../../orders/order-view.js";
import { documentLinks } from "../../documents/document-links.js";
import type { Encryptor } from "../../secrets/encryptor.js";
import { json, parseBody } from "../http.js";
import type { Route } from "../router.js";
import { authenticateStore } from "../store-auth.js";

export interface OrderRouteDeps {
  db: Db;
  encryptor: Encryptor;
  /** Called after new work was queued, so workers look for it right away. */
  onQueued?: () => void;
}

const OrderViewSchema = z.object({
  id: z.string(),
  externalId: z.string(),
  number: z.string().nullable(),
  status: z.string(),
  updatedAt: z.string(),
  buyer: z.unknown(),
  lines: z.unknown(),
  pendingReasons: z.unknown(),
  customer: z.object({ code: z.string(), guest: z.boolean() }).nullable(),
  documents: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(["sale", "credit_note"]),
      type: z.number(),
      folio: z.number(),
      issueDate: z.string(),
      total: z.number(),
      state: z.string(),
      pdfUrl: z.string(),
      xmlUrl: z.string(),
    }),
  ),
});

const DocumentChangeSchema = z.discriminatedUnion("document", [
  z.object({ document: z.literal("boleta") }),
  z.object({
    document: z.literal("factura"),
    rut: z.string().trim().min(1).max(20),
    businessName: z.string().trim().min(1).max(100),
    activity: z.string().trim().min(1).max(40),
    address: z.string().trim().min(1).max(70).optional(),
    commune: z.string().trim().min(1).max(20).optional(),
  }),
]);

const AuditSchema = z.array(z.object({ at: z.string(), action: z.string(), actor: z.string(), data: z.unknown() }));

export function orderRoutes(deps: OrderRouteDeps): Route[] {
  return [
    {
      method: "POST",
      path: "/api/v1/orders",
      doc: {
        summary:
          "Create or update a normalized order (idempotent on the order's externalId; an older updatedAt never overwrites a newer one)",
        tags: ["orders"],
        auth: "store",
        body: NormalizedOrderSchema,
        responses: {
          202: {
            description: "Stored; documents follow asynchronously",
            schema: z.object({ order: OrderViewSchema, changed: z.boolean() }),
          },
        },
      },
      async handler({ request }) {
        const raw = await request.text();
        const store = await authenticateStore(deps.db, deps.encryptor, request, raw);
        const order = parseBody(NormalizedOrderSchema, raw);
        const result = await ingestOrder(deps.db, store.id, store.companyId, order, `api:${store.id}`);
        if (result.changed) deps.onQueued?.();
        return json({ order: orderView(result.order), changed: result.changed }, 202);
      },
    },
    {
      method: "GET",
      path: "/api/v1/orders/:externalId",
      doc: {
        summary: "An order of the calling store, with its documents and their SII state",
        tags: ["orders"],
        auth: "store",
        responses: {
          200: {
            description: "The order, its documents and its audit log",
            schema: z.object({ order: OrderViewSchema, audit: AuditSchema }),
          },
          404: { description: "No such order in this store" },
        },
      },
      async handler({ request, params }) {
        const store = await authenticateStore(deps.db, deps.encryptor, request, undefined);
        const order = await findStoreOrder(deps.db, store.id, params.externalId!);
        const audit = await deps.db.auditEvent.findMany({
          where: { subjectType: "order", subjectId: order.id },
          orderBy: { id: "asc" },
        });
        // The calling store gets links that open without its key: what it shows its buyers.
        const view = orderView(order, order.documents, {
          customer: order.customer,
          links: (id) => documentLinks(deps.encryptor, "", id),
        });
        return json({ order: view, audit: audit.map(auditView) });
      },
    },
    {
      method: "POST",
      path: "/api/v1/orders/:externalId/refunds",
      doc: {
        summary:
          "Report a refund or cancellation of an order; it becomes one nota de crédito (idempotent on the refund's externalId)",
        tags: ["orders"],
        auth: "store",
        body: RefundRequestSchema,
        responses: {
          202: {
            description: "Recorded; the nota de crédito follows asynchronously",
            schema: z.object({ refund: z.object({ id: z.string(), externalId: z.string() }), created: z.boolean() }),
          },
          404: { description: "No such order in this store" },
        },
      },
      async handler({ request, params }) {
        const raw = await request.text();
        const store = await authenticateStore(deps.db, deps.encryptor, request, raw);
        const refund = parseBody(RefundRequestSchema, raw);
        const result = await recordRefund(deps.db, store, params.externalId!, refund, `api:${store.id}`);
        if (result.created) deps.onQueued?.();
        return json(
          {
            refund: {
              id: result.refund.id,
              externalId: result.refund.externalId,
              reason: result.refund.reason,
              lines: result.refund.lines,
              shipping: result.refund.shipping,
            },
            created: result.created,
          },
          202,
        );
      },
    },
    {
      method: "POST",
      path: "/api/v1/orders/:externalId/issue",
      doc: {
        summary:
          "Issue now: process a pending order again after the merchant fixed what held it (a CAF loaded, a SKU mapped); never issues twice",
        tags: ["orders"],
        auth: "store",
        responses: {
          202: {
            description: "Queued; the order shows its document or why it still waits",
            schema: z.object({ queued: z.literal(true) }),
          },
          404: { description: "No such order in this store" },
        },
      },
      async handler({ request, params }) {
        const raw = await request.text();
        const store = await authenticateStore(deps.db, deps.encryptor, request, raw);
        await reprocessOrder(deps.db, store, params.externalId!, `api:${store.id}`);
        deps.onQueued?.();
        return json({ queued: true }, 202);
      },
    },
    {
      method: "POST",
      path: "/api/v1/orders/:externalId/document",
      doc: {
        summary:
          "Choose boleta or factura for an order not issued yet (a factura's RUT is checked here); after issuing, a nota de crédito is the way",
        tags: ["orders"],
        auth: "store",
        body: DocumentChangeSchema,
        responses: {
          202: {
            description: "Recorded; the document follows",
            schema: z.object({ document: z.enum(["boleta", "factura"]) }),
          },
          404: { description: "No such order in this store" },
          409: { description: "The order already has its document" },
        },
      },
      async handler({ request, params }) {
        const raw = await request.text();
        const store = await authenticateStore(deps.db, deps.encryptor, request, raw);
        const change = parseBody(DocumentChangeSchema, raw);
        const result = await changeDocumentType(deps.db, store, params.externalId!, change, `api:${store.id}`);
        deps.onQueued?.();
        return json({ document: result.document }, 202);
      },
    },
  ];
}
