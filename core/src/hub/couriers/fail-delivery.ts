import { transition } from "../../rules/couriers/delivery-state.js";
import { eventTime } from "../../rules/couriers/proof-media.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction } from "../db/run-transaction.js";
import { deliveryChanged } from "./delivery-events.js";
import { invalidTransition, notYourDelivery } from "./delivery-errors.js";
import { lockDelivery } from "./find-delivery.js";
import { deliveryInclude, deliveryView, type DeliveryView } from "./delivery-view.js";

/** Could not deliver (nobody home, wrong address…): the reason is kept; the merchant assigns it again. */
export async function failDelivery(
  db: Db,
  companyId: string,
  input: { deliveryId: string; courierId?: string | undefined; reason: string; at?: Date | undefined },
  actor: string,
): Promise<DeliveryView> {
  return runTransaction(db, async (tx) => {
    const d = await lockDelivery(tx, companyId, input.deliveryId);
    if (input.courierId !== undefined && d.courierId !== input.courierId) throw notYourDelivery();
    if (d.state === "failed" && d.failureReason === input.reason) return deliveryView(d);
    const t = transition(d.mode, d.state, "fail");
    if (!t.ok) throw invalidTransition(t.message);
    const at = eventTime(input.at, new Date());
    await tx.delivery.update({ where: { id: d.id }, data: { state: t.to, failedAt: at, failureReason: input.reason } });
    await deliveryChanged(tx, d, "failed", actor, { at: at.toISOString(), reason: input.reason });
    return deliveryView(await tx.delivery.findUniqueOrThrow({ where: { id: d.id }, include: deliveryInclude }));
  });
}
