import { z } from "zod";
import { storeFulfillmentStatus } from "../../rules/couriers/delivery-state.js";
import { recordAudit } from "../audit/record-audit.js";
import { signBody } from "../stores/request-signature.js";
import type { Db } from "../db/prisma-client.js";
import type { JobHandler } from "../jobs/worker.js";
import { registeredFulfillmentAdapters, type FulfillmentAdapters } from "../platform/order-fulfillment-port.js";
import type { Encryptor } from "../secrets/encryptor.js";
import { courierWebhookTarget } from "./courier-settings.js";
import { FULFILLMENT_JOB, WEBHOOK_JOB } from "./delivery-events.js";
import { deliveryInclude, deliveryView } from "./delivery-view.js";
import { assignPendingDeliveries } from "./reassign-delivery.js";

/** Schedule it (e.g. every few minutes, and at the start of each day) to retry deliveries left without a courier. */
export const ASSIGN_PENDING_JOB = "courier.assign-pending";

export interface CourierJobDeps {
  db: Db;
  encryptor: Encryptor;
  fulfillment?: FulfillmentAdapters;
  fetch?: typeof fetch;
}

const FulfillmentPayload = z.object({ deliveryId: z.uuid() });
const WebhookPayload = z.object({ deliveryId: z.uuid(), event: z.string(), at: z.string() });

/** The courier side's job handlers, for the hub's worker: `startWorker(db, { handlers: { ...courierJobHandlers(deps), … } })`. */
export function courierJobHandlers(deps: CourierJobDeps): Record<string, JobHandler> {
  const adapters = deps.fulfillment ?? registeredFulfillmentAdapters;
  const send = deps.fetch ?? fetch;
  return {
    async [FULFILLMENT_JOB](payload) {
      const { deliveryId } = FulfillmentPayload.parse(payload);
      const d = await deps.db.delivery.findUnique({
        where: { id: deliveryId },
        include: { store: true, order: { select: { externalId: true } } },
      });
      if (!d) return;
      const status = storeFulfillmentStatus(d.state);
      if (!status) return;
      const port = adapters(d.store);
      // Platforms without a push adapter read GET /api/v1/deliveries instead.
      if (!port) return;
      const tracking =
        d.mode === "pickup" || !d.trackingNumber ? null : { number: d.trackingNumber, carrier: d.carrier ?? "" };
      await port.markFulfilled(d.order.externalId, { status, tracking });
      await recordAudit(deps.db, {
        companyId: d.companyId,
        storeId: d.storeId,
        subjectType: "delivery",
        subjectId: d.id,
        action: "delivery.written_back",
        actor: "hub",
        data: { status, tracking },
      });
    },
    async [WEBHOOK_JOB](payload) {
      const p = WebhookPayload.parse(payload);
      const d = await deps.db.delivery.findUnique({ where: { id: p.deliveryId }, include: deliveryInclude });
      if (!d) return;
      const target = await courierWebhookTarget(deps.db, deps.encryptor, d.companyId);
      if (!target) return;
      const body = JSON.stringify({ event: `delivery.${p.event}`, occurredAt: p.at, delivery: deliveryView(d) });
      const res = await send(target.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-timbre-event": `delivery.${p.event}`,
          "x-timbre-signature": signBody(target.secret, body),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    },
    async [ASSIGN_PENDING_JOB]() {
      await assignPendingDeliveries(deps.db, "hub");
    },
  };
}
