import type { Prisma } from "@prisma/client";
import { recordAudit } from "../audit/record-audit.js";
import { enqueue } from "../jobs/job-queue.js";

export const FULFILLMENT_JOB = "courier.fulfillment";
export const WEBHOOK_JOB = "courier.webhook";

export type DeliveryEventName = "created" | "assigned" | "pending" | "picked_up" | "delivered" | "failed";

/**
 * Everything that follows a delivery's change, in the change's own transaction: the audit entry,
 * the write-back to the store when what it shows changes, and the merchant's webhook.
 */
export async function deliveryChanged(
  tx: Prisma.TransactionClient,
  d: { id: string; companyId: string; storeId: string },
  event: DeliveryEventName,
  actor: string,
  data: Prisma.InputJsonObject = {},
): Promise<void> {
  const at = new Date().toISOString();
  await recordAudit(tx, {
    companyId: d.companyId,
    storeId: d.storeId,
    subjectType: "delivery",
    subjectId: d.id,
    action: `delivery.${event}`,
    actor,
    data,
  });
  if (event === "picked_up" || event === "delivered") {
    // The job sends the delivery's state when it runs, so one queued job covers any number of changes.
    await enqueue(tx, {
      kind: FULFILLMENT_JOB,
      payload: { deliveryId: d.id },
      dedupeKey: `${FULFILLMENT_JOB}:${d.id}`,
    });
  }
  const settings = await tx.courierSettings.findUnique({
    where: { companyId: d.companyId },
    select: { webhookUrl: true },
  });
  if (settings?.webhookUrl) await enqueue(tx, { kind: WEBHOOK_JOB, payload: { deliveryId: d.id, event, at } });
}
