import type { Prisma } from "@prisma/client";
import { recordAudit } from "../audit/record-audit.js";
import { enqueue } from "../jobs/job-queue.js";
import { PROCESS_ORDER_JOB } from "./ingest-order.js";

/**
 * Records that the order reached the buyer (a courier's proof, or the store saying so). Stores
 * that issue on delivery get their document from the processing this queues; the first
 * confirmation wins, later ones change nothing.
 */
export async function confirmDelivery(
  tx: Prisma.TransactionClient,
  input: { orderId: string; at?: Date; actor: string; proof?: Prisma.InputJsonObject },
): Promise<{ confirmed: boolean }> {
  const at = input.at ?? new Date();
  const n = await tx.order.updateMany({ where: { id: input.orderId, deliveredAt: null }, data: { deliveredAt: at } });
  if (n.count === 0) return { confirmed: false };
  const order = await tx.order.findUniqueOrThrow({
    where: { id: input.orderId },
    select: { storeId: true, store: { select: { companyId: true } } },
  });
  await recordAudit(tx, {
    companyId: order.store.companyId,
    storeId: order.storeId,
    subjectType: "order",
    subjectId: input.orderId,
    action: "order.delivered",
    actor: input.actor,
    data: { at: at.toISOString(), ...(input.proof ? { proof: input.proof } : {}) },
  });
  await enqueue(tx, {
    kind: PROCESS_ORDER_JOB,
    payload: { orderId: input.orderId },
    dedupeKey: `${PROCESS_ORDER_JOB}:${input.orderId}`,
  });
  return { confirmed: true };
}
