import { findCompany } from "../../hub/company/find-company.js";
import { CourierPatchSchema } from "../../hub/couriers/courier-input.js";
import { updateCourier } from "../../hub/couriers/save-courier.js";
import { runTransaction } from "../../hub/db/run-transaction.js";
import { optionalString, UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";
import { courierIdOf, intOption, listOption, parseWith } from "./courier-cli.js";

export const courierUpdate: CliCommand = {
  path: ["courier", "update"],
  summary: "Cambia un repartidor: nombre, teléfono, zonas, capacidad, prioridad, PIN, activo",
  usage:
    "courier update <id|phone> [--name …] [--phone …] [--zones a,b] [--capacity n] [--priority n] [--pin nnnn] [--active yes|no] [--company <rut>] [--json]",
  options: {
    name: { type: "string" },
    phone: { type: "string" },
    capacity: { type: "string" },
    zones: { type: "string" },
    priority: { type: "string" },
    pin: { type: "string" },
    active: { type: "string" },
    company: { type: "string" },
  },
  async run(args) {
    const ref = args.positionals[0];
    if (!ref) throw new UsageError("indique el id o el teléfono del repartidor");
    const active = optionalString(args, "active");
    if (active !== undefined && !["yes", "no"].includes(active)) throw new UsageError("--active debe ser yes o no");
    const patch = parseWith(CourierPatchSchema, {
      ...(optionalString(args, "name") ? { name: optionalString(args, "name") } : {}),
      ...(optionalString(args, "phone") ? { phone: optionalString(args, "phone") } : {}),
      ...(intOption(args, "capacity") !== undefined ? { capacityPerDay: intOption(args, "capacity") } : {}),
      ...(listOption(args, "zones") ? { zones: listOption(args, "zones") } : {}),
      ...(intOption(args, "priority") !== undefined ? { priority: intOption(args, "priority") } : {}),
      ...(optionalString(args, "pin") ? { pin: optionalString(args, "pin") } : {}),
      ...(active !== undefined ? { active: active === "yes" } : {}),
    });
    const r = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      const id = await courierIdOf(hub.db, company.id, ref);
      return runTransaction(hub.db, (tx) => updateCourier(tx, company.id, id, patch, "cli"));
    });
    const c = r.courier;
    return {
      json: r,
      text: `Repartidor actualizado: ${c.name} (${c.phone}): ${c.active ? "activo" : "en pausa"}, zonas ${c.zones.join(", ") || "(ninguna)"}, ${c.capacityPerDay} por día`,
    };
  },
};
