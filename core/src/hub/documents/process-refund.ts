import { z } from "zod";
import { siiDate } from "../../rules/dte/time.js";
import { creditNoteRequest } from "../../rules/order/document-request.js";
import type { Receiver } from "../../rules/order/issuing-policy.js";
import type { OrderLine } from "../../rules/order/normalized-order.js";
import { recordAudit } from "../audit/record-audit.js";
import { PermanentFailure, type JobHandler } from "../jobs/worker.js";
import { currentSale, isReissueRefund, reissueRefundId } from "../../rules/order/reissue.js";
import { enqueue } from "../jobs/job-queue.js";
import { PROCESS_ORDER_JOB } from "../orders/ingest-order.js";
import { issueDocument } from "./issue-document.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import { issuerData } from "./process-order.js";

const Payload = z.object({ refundId: z.uuid() });

/**
 * `refund.process`: a refund of an order whose document was issued becomes one nota de crédito
 * referencing it. Before issuing there is nothing to correct, so nothing is issued (the order's own
 * processing then sees it cancelled or refunded).
 */
export function processRefundJob(deps: PipelineDeps): JobHandler {
  return async (payload) => {
    const parsed = Payload.safeParse(payload);
    if (!parsed.success) throw new PermanentFailure("refund.process payload without refundId");
    const { db } = deps;
    const refund = await db.refund.findUnique({
      where: { id: parsed.data.refundId },
      include: {
        document: true,
        order: {
          include: {
            store: { include: { company: true } },
            documents: { orderBy: { createdAt: "asc" } },
            refunds: { include: { document: { select: { id: true } } } },
          },
        },
      },
    });
    if (!refund || refund.document) return;
    const { order } = refund;
    const company = order.store.company;
    // A re-issue annuls the boleta it names; any other refund corrects the sale document in force.
    const reissue = isReissueRefund(refund.externalId);
    const sale = reissue
      ? order.documents.find((d) => reissueRefundId(d.id) === refund.externalId)
      : currentSale(
          order.documents.filter((d) => d.kind === "sale"),
          order.refunds.map((r) => ({ externalId: r.externalId, hasCreditNote: r.document !== null })),
        );
    if (!sale) {
      await recordAudit(db, {
        companyId: company.id,
        storeId: order.storeId,
        subjectType: "order",
        subjectId: order.id,
        action: "refund.before_issue",
        actor: "hub",
        data: { refund: refund.externalId, note: "Sin documento emitido: no corresponde nota de crédito." },
      });
      return;
    }
    const now = deps.now?.() ?? new Date();
    const request = creditNoteRequest({
      company: issuerData(company),
      original: {
        type: sale.type,
        folio: sale.folio,
        issueDate: sale.issueDate.toISOString().slice(0, 10),
        receiver: sale.receiver as unknown as Receiver,
      },
      order: {
        lines: order.lines as unknown as OrderLine[],
        shipping: order.shipping as { name: string; price: number } | null,
        pricesIncludeTax: order.pricesIncludeTax,
      },
      refund: {
        reason: refund.reason,
        lines: refund.lines as Array<{ externalId: string; quantity: number }>,
        shipping: refund.shipping,
      },
      issueDate: siiDate(now),
    });
    const { created } = await issueDocument(deps, {
      companyId: company.id,
      storeId: order.storeId,
      orderId: order.id,
      idempotencyKey: `${order.storeId}:${order.externalId}:credit_note:${refund.externalId}`,
      kind: "credit_note",
      request,
      receiver: { rut: request.receiver!.rut, ...(request.receiver!.name ? { name: request.receiver!.name } : {}) },
      referencesId: sale.id,
      refundId: refund.id,
      actor: "hub",
    });
    // The boleta is annulled: now the order's factura.
    if (created && reissue)
      await enqueue(db, {
        kind: PROCESS_ORDER_JOB,
        payload: { orderId: order.id },
        dedupeKey: `${PROCESS_ORDER_JOB}:${order.id}`,
      });
  };
}
