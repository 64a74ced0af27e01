import { z } from "zod";
import { setStoreSyncConfig, storeSyncView, type StoreSyncPatch } from "../../hub/stock/store-sync-config.js";
import { optionalString, UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

const YesNo = z.enum(["yes", "no", "si", "sí"]);

export const storeSyncSettings: CliCommand = {
  path: ["store", "sync-settings"],
  summary: "Show or change a store's safety buffer, whether product data flows from it, and its price list",
  usage:
    "store sync-settings <storeId> [--buffer <units>] [--product-data-from-store yes|no] [--price-list <name> | --no-price-list] [--json]",
  options: {
    buffer: { type: "string" },
    "product-data-from-store": { type: "string" },
    "price-list": { type: "string" },
    "no-price-list": { type: "boolean" },
  },
  async run(args) {
    const storeId = args.positionals[0];
    if (!storeId) throw new UsageError("give the store id");
    const patch: StoreSyncPatch = {};
    const buffer = optionalString(args, "buffer");
    if (buffer !== undefined) {
      const n = Number(buffer.replace(",", "."));
      if (!Number.isFinite(n)) throw new UsageError("--buffer must be a number of units");
      patch.safetyBuffer = n;
    }
    const flow = optionalString(args, "product-data-from-store");
    if (flow !== undefined) {
      const v = YesNo.safeParse(flow.toLowerCase());
      if (!v.success) throw new UsageError("--product-data-from-store must be yes or no");
      patch.productDataFromStore = v.data !== "no";
    }
    const list = optionalString(args, "price-list");
    if (list) patch.priceList = list;
    if (args.values["no-price-list"] === true) patch.priceList = null;
    const view = await withHub((hub) =>
      Object.keys(patch).length === 0
        ? storeSyncView(hub.db, storeId)
        : setStoreSyncConfig(hub.db, storeId, patch, "cli"),
    );
    return {
      json: view,
      text: [
        `Tienda ${view.storeId}`,
        `  bodegas:              ${view.warehouses.length ? view.warehouses.join(" + ") : "la bodega por omisión"}`,
        `  margen de seguridad:  ${view.safetyBuffer} unidades`,
        `  datos de producto:    ${view.productDataFromStore ? "vienen de la tienda" : "los maneja el hub"}`,
        `  lista de precios:     ${view.priceList ?? "precio base"}`,
        `  última publicación:   ${view.lastPublishedAt ?? "nunca"}`,
      ].join("\n"),
    };
  },
};
