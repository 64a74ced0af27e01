import { findCompany } from "../../hub/company/find-company.js";
import { CourierInputSchema } from "../../hub/couriers/courier-input.js";
import { saveCourier } from "../../hub/couriers/save-courier.js";
import { runTransaction } from "../../hub/db/run-transaction.js";
import { optionalString, requireString, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";
import { intOption, listOption, parseWith } from "./courier-cli.js";

export const courierCreate: CliCommand = {
  path: ["courier", "create"],
  summary: "Agrega un repartidor (o actualiza el de ese teléfono): zonas, capacidad diaria y PIN de la app",
  usage:
    'courier create --name <name> --phone <+569…> --capacity <per day> [--zones "Centro,Oriente"] [--priority <n>] [--pin <4-8 digits>] [--company <rut>] [--json]',
  options: {
    name: { type: "string" },
    phone: { type: "string" },
    capacity: { type: "string" },
    zones: { type: "string" },
    priority: { type: "string" },
    pin: { type: "string" },
    company: { type: "string" },
  },
  async run(args) {
    const input = parseWith(CourierInputSchema, {
      name: requireString(args, "name"),
      phone: requireString(args, "phone"),
      capacityPerDay: intOption(args, "capacity"),
      zones: listOption(args, "zones") ?? [],
      ...(intOption(args, "priority") !== undefined ? { priority: intOption(args, "priority") } : {}),
      ...(optionalString(args, "pin") ? { pin: optionalString(args, "pin") } : {}),
    });
    const r = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      return runTransaction(hub.db, (tx) => saveCourier(tx, company.id, input, "cli"), { retryOn: ["23505"] });
    });
    const c = r.courier;
    return {
      json: r,
      text: `${r.created ? "Repartidor agregado" : "Repartidor actualizado"}: ${c.name} (${c.phone}) ${c.id}\n  zonas: ${c.zones.join(", ") || "(ninguna)"}; ${c.capacityPerDay} por día; PIN ${c.hasPin ? "definido" : "sin definir (entra con un enlace: timbre courier link)"}`,
    };
  },
};
