import { findCompany } from "../../hub/company/find-company.js";
import { listCouriers } from "../../hub/couriers/list-couriers.js";
import { optionalString, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

export const courierList: CliCommand = {
  path: ["courier", "list"],
  summary: "Lista los repartidores con sus zonas y capacidad diaria",
  usage: "courier list [--company <rut>] [--json]",
  options: { company: { type: "string" } },
  async run(args) {
    const couriers = await withHub(async (hub) =>
      listCouriers(hub.db, (await findCompany(hub.db, optionalString(args, "company"))).id),
    );
    return {
      json: couriers,
      text:
        couriers.length === 0
          ? "Aún no hay repartidores: `timbre courier create --name … --phone … --capacity …`."
          : couriers
              .map(
                (c) =>
                  `${c.id}  ${c.name.padEnd(20)} ${c.phone}  ${String(c.capacityPerDay).padStart(3)}/día  ${c.active ? "" : "(en pausa) "}${c.zones.join(", ")}`,
              )
              .join("\n"),
    };
  },
};
