import { findCompany } from "../../hub/company/find-company.js";
import { DeliveryFilterSchema, listDeliveries } from "../../hub/couriers/list-deliveries.js";
import { optionalString, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";
import { courierIdOf, money, parseWith } from "./courier-cli.js";

export const courierDeliveries: CliCommand = {
  path: ["courier", "deliveries"],
  summary:
    "Lista los despachos: estado, repartidor, zona, tarifa y comisión, y por qué uno pendiente no tiene repartidor",
  usage:
    "courier deliveries [--state pending|assigned|picked_up|delivered|failed] [--day YYYY-MM-DD] [--courier <id|phone>] [--limit n] [--company <rut>] [--json]",
  options: {
    state: { type: "string" },
    day: { type: "string" },
    courier: { type: "string" },
    limit: { type: "string" },
    company: { type: "string" },
  },
  async run(args) {
    const rows = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      const courier = optionalString(args, "courier");
      const filter = parseWith(DeliveryFilterSchema, {
        ...(optionalString(args, "state") ? { state: optionalString(args, "state") } : {}),
        ...(optionalString(args, "day") ? { day: optionalString(args, "day") } : {}),
        ...(courier ? { courierId: await courierIdOf(hub.db, company.id, courier) } : {}),
        limit: optionalString(args, "limit") ?? "200",
      });
      return listDeliveries(hub.db, { companyId: company.id }, filter);
    });
    const text = rows
      .map((d) =>
        [
          `${d.code}  ${d.serviceDay}  ${d.stateLabel.padEnd(10)} pedido ${d.order.number ?? d.order.externalId}  ${d.comuna?.name ?? d.recipient.comuna}`,
          `    ${d.mode === "own_courier" ? `repartidor ${d.courier?.name ?? "—"}, zona ${d.zone?.name ?? "—"}, tarifa ${money(d.fee)}, comisión ${money(d.commission)}` : `${d.mode}${d.carrier ? ` ${d.carrier}` : ""}${d.trackingNumber ? ` ${d.trackingNumber}` : ""}`}`,
          ...(d.pendingReason ? [`    pendiente: ${d.pendingReason.message} ${d.pendingReason.action}`] : []),
          ...(d.failureReason ? [`    falló: ${d.failureReason}`] : []),
        ].join("\n"),
      )
      .join("\n");
    return { json: rows, text: rows.length === 0 ? "Ningún despacho calza." : text };
  },
};
