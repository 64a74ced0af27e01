import { changeDocumentType } from "../../hub/orders/change-document-type.js";
import { reprocessOrder } from "../../hub/orders/reprocess-order.js";
import { optionalString, requireString, UsageError, type CliCommand, requireId } from "../command.js";
import { withHub } from "../hub-session.js";

export const ordersIssue: CliCommand = {
  path: ["orders", "issue"],
  summary:
    "Emite ahora un pedido pendiente (tras cargar un CAF o asociar un SKU), opcionalmente como boleta o factura; nunca emite dos veces",
  usage:
    "orders issue <externalId> --store <storeId> [--as boleta|factura [--rut <rut> --name <razón social> --activity <giro>]] [--json]",
  options: {
    store: { type: "string" },
    as: { type: "string" },
    rut: { type: "string" },
    name: { type: "string" },
    activity: { type: "string" },
  },
  async run(args) {
    const externalId = args.positionals[0];
    if (!externalId) throw new UsageError("indique el número del pedido en la tienda");
    const storeId = requireId(requireString(args, "store"), "tienda", "los imprime `timbre store list`");
    const as = optionalString(args, "as");
    if (as !== undefined && as !== "boleta" && as !== "factura") throw new UsageError("--as debe ser boleta o factura");
    await withHub(async (hub) => {
      const store = await hub.db.store.findUnique({ where: { id: storeId }, select: { id: true, companyId: true } });
      if (!store) throw new UsageError(`no store ${storeId} (see \`timbre store list\`)`);
      if (as === "factura") {
        await changeDocumentType(
          hub.db,
          store,
          externalId,
          {
            document: "factura",
            rut: requireString(args, "rut"),
            businessName: requireString(args, "name"),
            activity: requireString(args, "activity"),
          },
          "cli",
        );
      } else if (as === "boleta") {
        await changeDocumentType(hub.db, store, externalId, { document: "boleta" }, "cli");
      } else {
        await reprocessOrder(hub.db, store, externalId, "cli");
      }
    });
    return {
      json: { queued: true, externalId, ...(as ? { document: as } : {}) },
      text: `Pedido ${externalId} en cola para emitir${as ? ` como ${as}` : ""}; lo emite el hub en marcha (vea \`timbre orders show ${externalId} --store ${storeId}\`).`,
    };
  },
};
