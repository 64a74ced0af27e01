import { findCompany } from "../../hub/company/find-company.js";
import { listZones } from "../../hub/couriers/list-zones.js";
import type { ZoneView } from "../../hub/couriers/zone-view.js";
import { optionalString, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";
import { money } from "./courier-cli.js";

function fee(z: ZoneView): string {
  const base =
    z.rate.kind === "flat"
      ? money(z.rate.amount)
      : z.rate.bands.map((b) => `≤${b.upToGrams} g ${money(b.amount)}`).join(", ");
  return z.rate.freeFrom !== undefined ? `${base}; gratis desde ${money(z.rate.freeFrom)}` : base;
}

export const courierRates: CliCommand = {
  path: ["courier", "rates"],
  summary: "La tarifa de envío y la comisión del repartidor de cada zona",
  usage: "courier rates [--company <rut>] [--json]",
  options: { company: { type: "string" } },
  async run(args) {
    const zones = await withHub(async (hub) =>
      listZones(hub.db, (await findCompany(hub.db, optionalString(args, "company"))).id),
    );
    const rows = zones.map((z) => ({ zone: z.name, rate: z.rate, commission: z.commission }));
    return {
      json: rows,
      text:
        zones.length === 0
          ? "Aún no hay zonas."
          : zones
              .map(
                (z) =>
                  `${z.name.padEnd(20)} tarifa ${fee(z)}  ·  comisión ${z.commission.kind === "amount" ? money(z.commission.amount) : `${z.commission.percent} % de la tarifa`}`,
              )
              .join("\n"),
    };
  },
};
