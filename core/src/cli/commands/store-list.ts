import type { CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

export const storeList: CliCommand = {
  path: ["store", "list"],
  summary: "Lista las tiendas conectadas",
  usage: "store list [--json]",
  options: {},
  async run() {
    const stores = await withHub((hub) =>
      hub.db.store.findMany({
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          platform: true,
          name: true,
          shopDomain: true,
          shopId: true,
          apiKeyPrefix: true,
          company: { select: { rut: true } },
        },
      }),
    );
    const rows = stores.map((s) => ({
      id: s.id,
      platform: s.platform,
      name: s.name,
      shopDomain: s.shopDomain,
      shopId: s.shopId,
      apiKeyPrefix: s.apiKeyPrefix,
      companyRut: s.company.rut,
    }));
    return {
      json: rows,
      text:
        rows.length === 0
          ? "Aún no hay tiendas: `timbre store create --platform … --name …`."
          : rows
              .map(
                (r) =>
                  `${r.id}  ${r.platform.padEnd(11)}  ${r.name}${r.shopDomain ? `  (${r.shopDomain})` : ""}  key ${r.apiKeyPrefix}…`,
              )
              .join("\n"),
    };
  },
};
