import { z } from "@hono/zod-openapi";
import { NormalizedOrderSchema } from "../../../rules/order/normalized-order.js";
import { RefundRequestSchema } from "../../../rules/order/refund-request.js";
import { changeDocumentType } from "../../orders/change-document-type.js";
import { findStoreOrder, storeOrderAudit } from "../../orders/find-order.js";
import { ingestOrder } from "../../orders/ingest-order.js";
import { auditView, orderView } from "../../orders/order-view.js";
import { documentLinks } from "../../documents/document-links.js";
import { recordRefund } from "../../orders/record-refund.js";
import { reprocessOrder } from "../../orders/reprocess-order.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json } from "../http.js";
import { AuditSchema, OrderViewSchema } from "../schemas/orders.js";
import { actorOf, type RouteDeps } from "./deps.js";

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

const tags = ["orders"];
const noOrder = { description: "No such order in this store" };

export function orderRoutes(deps: RouteDeps): ApiRoute[] {
  const { db } = deps;
  return [
    apiRoute({
      method: "POST",
      path: "/api/v1/orders",
      summary:
        "Create or update a normalized order (idempotent on the order's externalId; an older updatedAt never overwrites a newer one)",
      tags,
      auth: "store",
      body: NormalizedOrderSchema,
      responses: {
        202: {
          description: "Stored; documents follow asynchronously",
          schema: z.object({ order: OrderViewSchema, changed: z.boolean() }),
        },
      },
      async handler({ store, body }) {
        const result = await ingestOrder(db, store.id, store.companyId, body, actorOf(store));
        if (result.changed) deps.onQueued?.();
        return json({ order: orderView(result.order), changed: result.changed }, 202);
      },
    }),
    apiRoute({
      method: "GET",
      path: "/api/v1/orders/:externalId",
      summary: "An order of the calling store, with its documents and their SII state",
      tags,
      auth: "store",
      responses: {
        200: {
          description: "The order, its documents and its audit log",
          schema: z.object({ order: OrderViewSchema, audit: AuditSchema }),
        },
        404: noOrder,
      },
      async handler({ store, params }) {
        const order = await findStoreOrder(db, store.id, params.externalId!);
        const audit = await storeOrderAudit(db, order.id);
        // The calling store gets links that open without its key: what it shows its buyers.
        const view = orderView(order, order.documents, {
          customer: order.customer,
          links: (id) => documentLinks(deps.encryptor, "", id),
        });
        return json({ order: view, audit: audit.map(auditView) });
      },
    }),
    apiRoute({
      method: "POST",
      path: "/api/v1/orders/:externalId/refunds",
      summary:
        "Report a refund or cancellation of an order; it becomes one nota de crédito (idempotent on the refund's externalId)",
      tags,
      auth: "store",
      body: RefundRequestSchema,
      responses: {
        202: {
          description: "Recorded; the nota de crédito follows asynchronously",
          schema: z.object({
            refund: z.object({
              id: z.uuid(),
              externalId: z.string(),
              reason: z.string(),
              lines: z.array(z.object({ externalId: z.string(), quantity: z.number() })),
              shipping: z.boolean(),
            }),
            created: z.boolean(),
          }),
        },
        404: noOrder,
      },
      async handler({ store, params, body }) {
        const result = await recordRefund(db, store, params.externalId!, body, actorOf(store));
        if (result.created) deps.onQueued?.();
        const r = result.refund;
        return json(
          {
            refund: { id: r.id, externalId: r.externalId, reason: r.reason, lines: r.lines, shipping: r.shipping },
            created: result.created,
          },
          202,
        );
      },
    }),
    apiRoute({
      method: "POST",
      path: "/api/v1/orders/:externalId/issue",
      summary:
        "Issue now: process a pending order again after the merchant fixed what held it (a CAF loaded, a SKU mapped); never issues twice",
      tags,
      auth: "store",
      responses: {
        202: {
          description: "Queued; the order shows its document or why it still waits",
          schema: z.object({ queued: z.literal(true) }),
        },
        404: noOrder,
      },
      async handler({ store, params }) {
        await reprocessOrder(db, store, params.externalId!, actorOf(store));
        deps.onQueued?.();
        return json({ queued: true }, 202);
      },
    }),
    apiRoute({
      method: "POST",
      path: "/api/v1/orders/:externalId/document",
      summary:
        "Choose boleta or factura for an order not issued yet (a factura's RUT is checked here); after issuing, a nota de crédito is the way",
      tags,
      auth: "store",
      body: DocumentChangeSchema,
      responses: {
        202: {
          description: "Recorded; the document follows",
          schema: z.object({ document: z.enum(["boleta", "factura"]) }),
        },
        404: noOrder,
        409: { description: "The order already has its document" },
      },
      async handler({ store, params, body }) {
        const result = await changeDocumentType(db, store, params.externalId!, body, actorOf(store));
        deps.onQueued?.();
        return json({ document: result.document }, 202);
      },
    }),
  ];
}
