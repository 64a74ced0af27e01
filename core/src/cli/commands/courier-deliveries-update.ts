import { z } from "zod";
import { findCompany } from "../../hub/company/find-company.js";
import { completeDelivery } from "../../hub/couriers/complete-delivery.js";
import { createDelivery, CreateDeliveryInputSchema } from "../../hub/couriers/create-delivery.js";
import type { DeliveryView } from "../../hub/couriers/delivery-view.js";
import { failDelivery } from "../../hub/couriers/fail-delivery.js";
import { findDelivery } from "../../hub/couriers/find-delivery.js";
import { shipWithCarrier } from "../../hub/couriers/ship-with-carrier.js";
import { startDelivery } from "../../hub/couriers/start-delivery.js";
import type { Hub } from "../../hub/hub.js";
import { TimbreError } from "../../errors.js";
import { optionalString, requireString, UsageError, type CliCommand, type ParsedArgs } from "../command.js";
import { withHub } from "../hub-session.js";
import { intOption, money, parseWith, storeIdOption } from "./courier-cli.js";

// The same limits as the sync API's bodies.
const Tracking = z.object({
  trackingNumber: z.string().trim().min(1).max(100),
  carrier: z.string().trim().min(1).max(60).optional(),
});
const Reason = z.string().trim().min(1).max(500);
const Receiver = z.object({
  receiverName: z.string().trim().max(100).optional(),
  notes: z.string().trim().max(1000).optional(),
});

/** One line the operator can read back: what state the delivery is in now, and who has it. */
function summary(d: DeliveryView): string {
  const who = d.courier
    ? ` (${d.courier.name})`
    : d.carrier
      ? ` (${d.carrier}${d.trackingNumber ? ` ${d.trackingNumber}` : ""})`
      : "";
  const pending = d.pendingReason ? ` — ${d.pendingReason.message} ${d.pendingReason.action}` : "";
  return `${d.code}: ${d.stateLabel}${who}, pedido ${d.order.number ?? d.order.externalId}, tarifa ${money(d.fee)}${pending}`;
}

function refOf(args: ParsedArgs): string {
  const ref = args.positionals[0];
  if (!ref) throw new UsageError("indique el código del despacho (TMB-…) o su id");
  return ref;
}

/** Runs `act` on the delivery named on the command line, within its company. */
async function onDelivery(
  args: ParsedArgs,
  act: (hub: Hub, companyId: string, deliveryId: string) => Promise<DeliveryView>,
): Promise<{ json: DeliveryView; text: string }> {
  const ref = refOf(args);
  const d = await withHub(async (hub) => {
    const company = await findCompany(hub.db, optionalString(args, "company"));
    const delivery = await findDelivery(hub.db, company.id, ref);
    return act(hub, company.id, delivery.id);
  });
  return { json: d, text: summary(d) };
}

export const courierDeliveriesCreate: CliCommand = {
  path: ["courier", "deliveries", "create"],
  summary:
    "Crea el despacho de un pedido con su dirección: se tarifica por zona y se asigna un repartidor (una vez por pedido)",
  usage:
    "courier deliveries create --store <storeId> --order <externalId> --name <recipient> --line1 <street and number> --comuna <name|code> [--phone …] [--line2 …] [--postal-code …] [--notes …] [--method <shipping method>] [--weight <grams>] [--day YYYY-MM-DD] [--json]",
  options: {
    store: { type: "string" },
    order: { type: "string" },
    name: { type: "string" },
    phone: { type: "string" },
    line1: { type: "string" },
    line2: { type: "string" },
    comuna: { type: "string" },
    "postal-code": { type: "string" },
    notes: { type: "string" },
    method: { type: "string" },
    weight: { type: "string" },
    day: { type: "string" },
  },
  async run(args) {
    const storeId = storeIdOption(args);
    const externalId = requireString(args, "order");
    const opt = (flag: string, key: string) =>
      optionalString(args, flag) !== undefined ? { [key]: optionalString(args, flag) } : {};
    const input = parseWith(CreateDeliveryInputSchema, {
      recipient: {
        name: requireString(args, "name"),
        line1: requireString(args, "line1"),
        comuna: requireString(args, "comuna"),
        ...opt("phone", "phone"),
        ...opt("line2", "line2"),
        ...opt("postal-code", "postalCode"),
        ...opt("notes", "notes"),
      },
      ...opt("method", "shippingMethod"),
      ...(intOption(args, "weight") !== undefined ? { weightGrams: intOption(args, "weight") } : {}),
      ...opt("day", "serviceDay"),
    });
    const r = await withHub(async (hub) => {
      const order = await hub.db.order.findUnique({
        where: { storeId_externalId: { storeId, externalId } },
        select: { id: true },
      });
      if (!order)
        throw new TimbreError(
          "not_found",
          { es: `No existe el pedido ${externalId} en esa tienda.`, en: `No order ${externalId} in that store.` },
          { kind: "not_found" },
        );
      return createDelivery(hub.db, order.id, input, "cli");
    });
    return { json: r, text: `${r.created ? "creado:" : "ya existía:"} ${summary(r.delivery)}` };
  },
};

export const courierDeliveriesStart: CliCommand = {
  path: ["courier", "deliveries", "start"],
  summary: "Marca un despacho propio como en camino (la tienda lo muestra enviado)",
  usage: "courier deliveries start <code|id> [--company <rut>] [--json]",
  options: { company: { type: "string" } },
  run: (args) =>
    onDelivery(args, (hub, companyId, deliveryId) => startDelivery(hub.db, companyId, { deliveryId }, "cli")),
};

export const courierDeliveriesShip: CliCommand = {
  path: ["courier", "deliveries", "ship"],
  summary:
    "Un transportista externo retiró el paquete: registra su número de seguimiento (la tienda lo muestra enviado)",
  usage: "courier deliveries ship <code|id> --tracking <number> [--carrier <name>] [--company <rut>] [--json]",
  options: { tracking: { type: "string" }, carrier: { type: "string" }, company: { type: "string" } },
  run: (args) => {
    const body = parseWith(Tracking, {
      trackingNumber: requireString(args, "tracking"),
      carrier: optionalString(args, "carrier"),
    });
    return onDelivery(args, (hub, companyId, deliveryId) =>
      shipWithCarrier(hub.db, companyId, { deliveryId, ...body }, "cli"),
    );
  },
};

export const courierDeliveriesDeliver: CliCommand = {
  path: ["courier", "deliveries", "deliver"],
  summary:
    "Confirma una entrega de transportista o un retiro en tienda (los despachos propios necesitan la foto de la app)",
  usage: "courier deliveries deliver <code|id> [--receiver <name>] [--notes …] [--company <rut>] [--json]",
  options: { receiver: { type: "string" }, notes: { type: "string" }, company: { type: "string" } },
  run: (args) =>
    onDelivery(args, async (hub, companyId, deliveryId) => {
      const proof = {
        clientId: `cli:${deliveryId}`,
        ...parseWith(Receiver, {
          receiverName: optionalString(args, "receiver"),
          notes: optionalString(args, "notes"),
        }),
      };
      return (await completeDelivery(hub.db, companyId, { deliveryId, proof }, "cli")).delivery;
    }),
};

export const courierDeliveriesFail: CliCommand = {
  path: ["courier", "deliveries", "fail"],
  summary: "Registra que un despacho no se pudo entregar, con el motivo (se puede reasignar después)",
  usage: "courier deliveries fail <code|id> --reason <text> [--company <rut>] [--json]",
  options: { reason: { type: "string" }, company: { type: "string" } },
  run: (args) => {
    const reason = parseWith(Reason, requireString(args, "reason"));
    return onDelivery(args, (hub, companyId, deliveryId) =>
      failDelivery(hub.db, companyId, { deliveryId, reason }, "cli"),
    );
  },
};
