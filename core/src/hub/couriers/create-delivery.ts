import { z } from "zod";
import { goodsTotal } from "../../rules/couriers/goods-total.js";
import { planDelivery } from "../../rules/couriers/delivery-plan.js";
import { quoteDelivery } from "../../rules/couriers/rates.js";
import { RecipientSchema } from "../../rules/couriers/recipient.js";
import { isServiceDay, serviceDay } from "../../rules/couriers/service-day.js";
import { OrderLineSchema, ShippingSchema } from "../../rules/order/normalized-order.js";
import { TimbreError } from "../../errors.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction } from "../db/run-transaction.js";
import { autoAssign } from "./assign-delivery.js";
import { getCourierSettings } from "./courier-settings.js";
import { newDeliveryCode } from "./delivery-code.js";
import { deliveryChanged } from "./delivery-events.js";
import { deliveryInclude, deliveryView, type DeliveryView } from "./delivery-view.js";
import { listShippingMethods } from "./shipping-methods.js";
import { zoneDefinition, zoneTerms } from "./zone-view.js";

export const CreateDeliveryInputSchema = z.object({
  recipient: RecipientSchema,
  /** Overrides the order's shipping line name, e.g. when the store knows the method's id-less title. */
  shippingMethod: z.string().trim().min(1).max(120).optional(),
  weightGrams: z.number().int().positive().max(1_000_000).optional(),
  /** The Chilean day it goes out ("YYYY-MM-DD"); today when absent. */
  serviceDay: z.string().refine(isServiceDay, "a date, YYYY-MM-DD").optional(),
});

export type CreateDeliveryInput = z.output<typeof CreateDeliveryInputSchema>;

const Lines = z.array(OrderLineSchema);

export function dayDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/**
 * Creates the delivery of an order (once: asking again returns the one that exists): decides how it
 * ships, prices it by its zone, and for own couriers assigns one at once or leaves it pending with
 * the reason.
 */
export async function createDelivery(
  db: Db,
  orderId: string,
  input: CreateDeliveryInput,
  actor: string,
): Promise<{ delivery: DeliveryView; created: boolean }> {
  return runTransaction(
    db,
    async (tx) => {
      const existing = await tx.delivery.findUnique({ where: { orderId }, include: deliveryInclude });
      if (existing) return { delivery: deliveryView(existing), created: false };
      const order = await tx.order.findUnique({
        where: { id: orderId },
        include: { store: { select: { id: true, companyId: true } } },
      });
      if (!order)
        throw new TimbreError(
          "not_found",
          { es: "No existe ese pedido.", en: "No such order." },
          { kind: "not_found" },
        );
      const companyId = order.store.companyId;
      const lines = Lines.parse(order.lines);
      const shipping = ShippingSchema.safeParse(order.shipping);
      // One query at a time: a transaction is one connection.
      const mappings = await listShippingMethods(tx, order.storeId);
      const zones = await tx.deliveryZone.findMany({
        where: { companyId, active: true },
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      });
      const settings = await getCourierSettings(tx, companyId);
      const plan = planDelivery({
        shippingMethod: input.shippingMethod ?? (shipping.success ? shipping.data.name : undefined),
        mappings,
        comuna: input.recipient.comuna,
        postalCode: input.recipient.postalCode,
        zones: zones.map(zoneDefinition),
      });
      const zone = plan.ok && plan.zoneId ? zones.find((z) => z.id === plan.zoneId) : undefined;
      const total = goodsTotal(lines, order.pricesIncludeTax);
      const quote = zone
        ? quoteDelivery(zoneTerms(zone).rate, zoneTerms(zone).commission, {
            goodsTotal: total,
            weightGrams: input.weightGrams,
          })
        : undefined;
      const mode = plan.mode ?? "own_courier";
      const requirements =
        mode === "own_courier"
          ? settings.proofRequirements
          : { photo: false, receiverName: mode === "pickup", signature: false, notes: false };
      const day = dayDate(input.serviceDay ?? serviceDay(new Date()));
      const code = newDeliveryCode();
      const row = await tx.delivery.create({
        data: {
          companyId,
          storeId: order.storeId,
          orderId,
          code,
          mode,
          state: "pending",
          ...(plan.ok ? {} : { pendingReason: { ...plan.reason } }),
          zoneId: zone?.id ?? null,
          serviceDay: day,
          recipient: input.recipient,
          comunaCode: plan.comuna?.code ?? null,
          carrier: mode === "own_courier" ? settings.carrierName : plan.carrier,
          trackingNumber: mode === "own_courier" ? code : null,
          weightGrams: input.weightGrams ?? null,
          goodsTotal: total,
          ...(quote?.ok ? { listFee: quote.listFee, fee: quote.fee, commission: quote.commission } : {}),
          feeIssue: quote && !quote.ok ? quote.code : null,
          requirements,
        },
        include: deliveryInclude,
      });
      await deliveryChanged(tx, row, "created", actor, {
        orderId,
        mode,
        zone: zone?.name ?? null,
        fee: quote?.ok ? quote.fee : null,
        commission: quote?.ok ? quote.commission : null,
        ...(plan.ok ? {} : { pending: plan.reason.code }),
      });
      if (plan.ok && mode === "own_courier") await autoAssign(tx, row, day, actor);
      const saved = await tx.delivery.findUniqueOrThrow({ where: { id: row.id }, include: deliveryInclude });
      return { delivery: deliveryView(saved), created: true };
    },
    // Two requests for the same order at once: the loser's retry finds the winner's delivery.
    { retryOn: ["23505"] },
  );
}

/** The delivery of a store's order, found by the order's platform id (the sync API's POST /deliveries). */
export async function createStoreOrderDelivery(
  db: Db,
  storeId: string,
  orderExternalId: string,
  input: CreateDeliveryInput,
  actor: string,
): Promise<{ delivery: DeliveryView; created: boolean }> {
  const order = await db.order.findUnique({
    where: { storeId_externalId: { storeId, externalId: orderExternalId } },
    select: { id: true },
  });
  if (!order) {
    throw new TimbreError(
      "not_found",
      { es: "No existe ese pedido en esta tienda.", en: "No such order in this store." },
      { kind: "not_found" },
    );
  }
  return createDelivery(db, order.id, input, actor);
}
