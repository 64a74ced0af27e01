import { findCompany } from "../../hub/company/find-company.js";
import { findDelivery } from "../../hub/couriers/find-delivery.js";
import { reassignDelivery } from "../../hub/couriers/reassign-delivery.js";
import { optionalString, UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";
import { courierIdOf } from "./courier-cli.js";

export const courierDeliveriesAssign: CliCommand = {
  path: ["courier", "deliveries", "assign"],
  summary: "Vuelve a asignar un despacho pendiente o fallido: a un repartidor o según la regla de la empresa",
  usage: "courier deliveries assign <code|id> [--courier <id|phone>] [--day YYYY-MM-DD] [--company <rut>] [--json]",
  options: { courier: { type: "string" }, day: { type: "string" }, company: { type: "string" } },
  async run(args) {
    const ref = args.positionals[0];
    if (!ref) throw new UsageError("indique el código del despacho (TMB-…) o su id");
    const d = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      const delivery = await findDelivery(hub.db, company.id, ref);
      const courier = optionalString(args, "courier");
      return reassignDelivery(
        hub.db,
        company.id,
        delivery.id,
        {
          courierId: courier ? await courierIdOf(hub.db, company.id, courier) : undefined,
          day: optionalString(args, "day"),
        },
        "cli",
      );
    });
    return {
      json: d,
      text: d.courier
        ? `${d.code}: asignado a ${d.courier.name} para el ${d.serviceDay}`
        : `${d.code}: sigue pendiente — ${d.pendingReason?.message ?? ""} ${d.pendingReason?.action ?? ""}`,
    };
  },
};
