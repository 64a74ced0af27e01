import type { Refund } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import { checkRefundable, type RefundRequest, type RefundableLine } from "../../rules/order/refund-request.js";
import type { OrderLine } from "../../rules/order/normalized-order.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { enqueue } from "../jobs/job-queue.js";

export const PROCESS_REFUND_JOB = "refund.process";

/** Records a refund once per its external id and queues its nota de crédito. */
export async function recordRefund(
  db: Db,
  store: { id: string; companyId: string },
  orderExternalId: string,
  r: RefundRequest,
  actor: string,
): Promise<{ refund: Refund; created: boolean }> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM "Order" WHERE "storeId" = ${store.id}::uuid AND "externalId" = ${orderExternalId} FOR UPDATE`;
    const orderId = rows[0]?.id;
    if (!orderId) {
      throw new TimbreError(
        "not_found",
        { es: `La tienda no tiene el pedido ${orderExternalId}.`, en: `This store has no order ${orderExternalId}.` },
        { kind: "not_found" },
      );
    }
    const existing = await tx.refund.findUnique({
      where: { orderId_externalId: { orderId, externalId: r.externalId } },
    });
    if (existing) return { refund: existing, created: false };
    const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { refunds: true } });
    const issues = checkRefundable(
      (order.lines as OrderLine[]).map((l) => ({ externalId: l.externalId, quantity: l.quantity })),
      order.refunds.map((p) => ({
        externalId: p.externalId,
        lines: p.lines as unknown as RefundableLine[],
        shipping: p.shipping,
      })),
      r,
      order.shipping !== null && (order.shipping as { price?: number }).price !== 0,
    );
    if (issues.length > 0) {
      throw new TimbreError(
        "refund.invalid",
        { es: "La devolución no calza con el pedido.", en: "The refund does not match the order." },
        { fields: issues },
      );
    }
    const refund = await tx.refund.create({
      data: { orderId, externalId: r.externalId, reason: r.reason, lines: r.lines, shipping: r.shipping },
    });
    await recordAudit(tx, {
      companyId: store.companyId,
      storeId: store.id,
      subjectType: "order",
      subjectId: orderId,
      action: "refund.received",
      actor,
      data: { refund: r.externalId, reason: r.reason, lines: r.lines.length, shipping: r.shipping },
    });
    await enqueue(tx, {
      kind: PROCESS_REFUND_JOB,
      payload: { refundId: refund.id },
      dedupeKey: `${PROCESS_REFUND_JOB}:${refund.id}`,
    });
    return { refund, created: true };
  });
}
