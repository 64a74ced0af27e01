import { z } from "zod";
import { NormalizedOrderSchema } from "../../../rules/order/normalized-order.js";
import type { Db } from "../../db/prisma-client.js";
import { ingestOrder } from "../../orders/ingest-order.js";
import { recordRefund } from "../../orders/record-refund.js";
import { RefundRequestSchema } from "../../../rules/order/refund-request.js";
import { findStoreOrder } from "../../orders/find-order.js";
import { auditView, orderView } from "../../orders/order-view.js";
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

const AuditSchema = z.array(z.object({ at: z.string(), action: z.string(), actor: z.string(), data: z.unknown() }));

export function orderRoutes(deps: OrderRouteDeps): Route[] {
  return [
    {
      method: "POST",
      path: "/api/v1/orders",
      doc: {
        summary: "Create or update a normalized order (idempotent on the order's externalId; an older updatedAt never overwrites a newer one)",
        tags: ["orders"],
        auth: "store",
        body: NormalizedOrderSchema,
        responses: { 202: { description: "Stored; documents follow asynchronously", schema: z.object({ order: OrderViewSchema, changed: z.boolean() }) } },
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
        responses: { 200: { description: "The order, its documents and its audit log", schema: z.object({ order: OrderViewSchema, audit: AuditSchema }) }, 404: { description: "No such order in this store" } },
      },
      async handler({ request, params }) {
        const store = await authenticateStore(deps.db, deps.encryptor, request, undefined);
        const order = await findStoreOrder(deps.db, store.id, params.externalId!);
        const audit = await deps.db.auditEvent.findMany({ where: { subjectType: "order", subjectId: order.id }, orderBy: { id: "asc" } });
        return json({ order: orderView(order, order.documents), audit: audit.map(auditView) });
      },
    },
    {
      method: "POST",
      path: "/api/v1/orders/:externalId/refunds",
      doc: {
        summary: "Report a refund or cancellation of an order; it becomes one nota de crédito (idempotent on the refund's externalId)",
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
            refund: { id: result.refund.id, externalId: result.refund.externalId, reason: result.refund.reason, lines: result.refund.lines, shipping: result.refund.shipping },
            created: result.created,
          },
          202,
        );
      },
    },
  ];
}
