import { ZodError } from "zod";
import { NormalizedOrderSchema } from "../../../rules/order/normalized-order.js";
import { deliverIngestedOrder } from "../../couriers/order-delivery.js";
import { deliveryRequest } from "../../couriers/delivery-request.js";
import { ingestOrder } from "../../orders/ingest-order.js";
import type { AnyConnector } from "../connector.js";
import type { OrderOutcome, OrderRead, StoreContext } from "../context.js";
import type { RuntimeDeps } from "./runtime-deps.js";

/** The problem code of an order the platform gave us but we cannot use. */
export const UNREADABLE_ORDER = "order.unreadable";
/** A paid order whose delivery could not be created from its shipping address. */
export const ORDER_DELIVERY = "order.delivery";

type Store = StoreContext<unknown, Record<string, unknown>>;

/**
 * The one rule for an order a platform gave us, whoever read it (readOrder, a sweep's page, a hook
 * body the platform vouches for): ingested (idempotent; newer wins) and its delivery created;
 * `not_found` ignored; `unreadable` — including an order whose mapping does not pass our schema —
 * a problem on the order the merchant sees, never a retry loop. A later good read clears it.
 */
export async function receiveOrder(
  deps: RuntimeDeps,
  store: Store,
  externalId: string,
  read: OrderRead,
  actor: string,
): Promise<OrderOutcome> {
  if (!read.ok && read.reason === "not_found") return { kind: "not_found" };
  let outcome: OrderRead = read;
  if (read.ok) {
    const parsed = NormalizedOrderSchema.safeParse(read.order);
    outcome = parsed.success
      ? { ...read, order: parsed.data }
      : { ok: false, reason: "unreadable", message: zodSummary(parsed.error) };
  }
  if (!outcome.ok) {
    const message = outcome.reason === "unreadable" ? outcome.message : "";
    await store.problems.report({
      code: UNREADABLE_ORDER,
      orderExternalId: externalId,
      message: `No pudimos leer el pedido ${externalId} de ${store.platform}: revise sus datos en la tienda. Se volverá a leer cuando cambie.`,
      detail: message.slice(0, 2_000),
    });
    return { kind: "unreadable", message };
  }
  const r = await ingestOrder(deps.db, store.id, store.companyId, outcome.order, actor);
  await store.problems.resolve(UNREADABLE_ORDER, externalId);
  // The platform's address as a delivery request (blanks dropped, texts cut); none without a street.
  const request = outcome.delivery ? deliveryRequest(outcome.delivery) : undefined;
  if (request && r.changed && r.order.status === "paid") {
    const d = await deliverIngestedOrder(deps.db, r.order.id, request, actor);
    if (!d.ok && d.reason === "invalid_address") {
      await store.problems.report({
        code: ORDER_DELIVERY,
        orderExternalId: externalId,
        message: `Pedido ${externalId}: ${d.message}`,
      });
    } else if (d.ok) {
      await store.problems.resolve(ORDER_DELIVERY, externalId);
    }
  }
  if (r.changed) deps.wake?.();
  return { kind: "ingested", orderId: r.order.id, changed: r.changed, status: r.order.status };
}

/**
 * `readOrder` and the rule. A ZodError thrown by the connector's mapper is the platform's data not
 * fitting (unreadable), not a failure to retry; anything else thrown (network, 5xx, throttled)
 * propagates, and the job that called it retries.
 */
export async function syncOrder(
  deps: RuntimeDeps,
  connector: AnyConnector,
  store: Store,
  externalId: string,
  actor: string,
): Promise<OrderOutcome> {
  if (!connector.readOrder) throw new Error(`connector ${connector.id} has no readOrder`);
  let read: OrderRead;
  try {
    read = await connector.readOrder(store, externalId);
  } catch (e) {
    if (!(e instanceof ZodError)) throw e;
    read = { ok: false, reason: "unreadable", message: zodSummary(e) };
  }
  return receiveOrder(deps, store, externalId, read, actor);
}

function zodSummary(e: ZodError): string {
  return e.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(order)"}: ${i.message}`)
    .join("; ");
}
