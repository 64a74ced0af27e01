import { z } from "zod";
import { groupPriceLists, setGroupPriceList } from "../../hub/catalog/group-price-lists.js";
import { setStoreSyncConfig, storeSyncView, type StoreSyncPatch } from "../../hub/stock/store-sync-config.js";
import { optionalString, UsageError, type CliCommand, parseDecimal } from "../command.js";
import { withHub } from "../hub-session.js";

const YesNo = z.enum(["yes", "no", "si", "sí"]);

export const storeSyncSettings: CliCommand = {
  path: ["store", "sync-settings"],
  summary:
    "Muestra o cambia el margen de seguridad de una tienda, si sus datos de producto vienen de ella, su lista de precios y las de sus grupos de clientes",
  usage:
    "store sync-settings <storeId> [--buffer <units>] [--product-data-from-store yes|no] [--price-list <name> | --no-price-list] [--customer-group <group code> (--price-list <name> | --no-price-list)] [--json]\n  (with --customer-group, the price list prices that customer group of the store, e.g. Magento tier prices)",
  options: {
    buffer: { type: "string" },
    "product-data-from-store": { type: "string" },
    "price-list": { type: "string" },
    "no-price-list": { type: "boolean" },
    "customer-group": { type: "string" },
  },
  async run(args) {
    const storeId = args.positionals[0];
    if (!storeId) throw new UsageError("indique el id de la tienda (los imprime `timbre store list`)");
    const patch: StoreSyncPatch = {};
    const buffer = optionalString(args, "buffer");
    if (buffer !== undefined) {
      patch.safetyBuffer = parseDecimal(buffer, "buffer", { min: 0 });
    }
    const flow = optionalString(args, "product-data-from-store");
    if (flow !== undefined) {
      const v = YesNo.safeParse(flow.toLowerCase());
      if (!v.success) throw new UsageError("--product-data-from-store debe ser yes o no");
      patch.productDataFromStore = v.data !== "no";
    }
    const list = optionalString(args, "price-list");
    const group = optionalString(args, "customer-group");
    if (group !== undefined && !list && args.values["no-price-list"] !== true)
      throw new UsageError("--customer-group necesita --price-list <nombre> (o --no-price-list para quitarla)");
    if (list && group === undefined) patch.priceList = list;
    if (args.values["no-price-list"] === true && group === undefined) patch.priceList = null;
    const { view, groups } = await withHub(async (hub) => {
      if (group !== undefined) await setGroupPriceList(hub.db, storeId, group, list ?? null, "cli");
      const view =
        Object.keys(patch).length === 0
          ? await storeSyncView(hub.db, storeId)
          : await setStoreSyncConfig(hub.db, storeId, patch, "cli");
      return { view, groups: await groupPriceLists(hub.db, storeId) };
    });
    return {
      json: { ...view, groupPriceLists: groups },
      text: [
        `Tienda ${view.storeId}`,
        `  bodegas:              ${view.warehouses.length ? view.warehouses.join(" + ") : "la bodega por omisión"}`,
        `  margen de seguridad:  ${view.safetyBuffer} unidades`,
        `  datos de producto:    ${view.productDataFromStore ? "vienen de la tienda" : "los maneja el hub"}`,
        `  lista de precios:     ${view.priceList ?? "precio base"}`,
        `  última publicación:   ${view.lastPublishedAt ?? "nunca"}`,
        ...groups.map(
          (g) =>
            `  grupo ${g.group}:${" ".repeat(Math.max(1, 14 - g.group.length))}lista ${g.priceList} (${g.prices.length} precios)`,
        ),
      ].join("\n"),
    };
  },
};
