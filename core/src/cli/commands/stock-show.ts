import { findCompany } from "../../hub/company/find-company.js";
import { stockBalances } from "../../hub/stock/stock-balances.js";
import { requireStore } from "../../hub/stock/require-store.js";
import { decodeCursor, storeStock } from "../../hub/stock/store-stock.js";
import { optionalString, UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

export const stockShow: CliCommand = {
  path: ["stock", "show"],
  summary:
    "Stock por producto y bodega (disponible, reservado, valor), a una fecha pasada o lo que publicaría una tienda",
  usage:
    "stock show [--sku <sku>] [--warehouse <code>] [--at <date or ISO time>] [--store <id>] [--company <rut>] [--json]",
  options: {
    sku: { type: "string" },
    warehouse: { type: "string" },
    at: { type: "string" },
    store: { type: "string" },
    company: { type: "string" },
  },
  async run(args) {
    const sku = optionalString(args, "sku");
    const storeId = optionalString(args, "store");
    const atText = optionalString(args, "at");
    const at =
      atText === undefined
        ? undefined
        : new Date(/^\d{4}-\d{2}-\d{2}$/.test(atText) ? `${atText}T23:59:59.999Z` : atText);
    if (at && Number.isNaN(at.getTime())) throw new UsageError("--at debe ser una fecha (2026-11-30) o una hora ISO");
    if (storeId) {
      if (at) throw new UsageError("--store muestra lo que la tienda publicaría ahora; no se combina con --at");
      const items = await withHub(async (hub) => {
        const store = await requireStore(hub.db, storeId);
        const all = [];
        let cursor;
        do {
          const page = await storeStock(hub.db, store, {
            limit: 5000,
            ...(sku ? { skus: [sku] } : {}),
            ...(cursor ? { cursor } : {}),
          });
          all.push(...page.items);
          cursor = page.nextCursor ? decodeCursor(page.nextCursor) : undefined;
        } while (cursor);
        return all.sort((a, b) => a.sku.localeCompare(b.sku));
      });
      const json = items.map((i) => ({ sku: i.sku, available: i.available, sellOnline: i.sellOnline }));
      const text =
        json.length === 0
          ? "Nada que publicar."
          : json
              .map(
                (i) =>
                  `${i.sku.padEnd(20)} ${String(i.available).padStart(8)}${i.sellOnline ? "" : "  (no se vende en línea)"}`,
              )
              .join("\n");
      return { json, text };
    }
    const rows = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      return stockBalances(hub.db, company.id, {
        ...(sku ? { skus: [sku] } : {}),
        ...(optionalString(args, "warehouse") ? { warehouse: optionalString(args, "warehouse")! } : {}),
        ...(at ? { at } : {}),
      });
    });
    const clp = (n: number) => `$${n.toLocaleString("es-CL")}`;
    const text =
      rows.length === 0
        ? "Sin existencias registradas."
        : [
            `${"SKU".padEnd(20)} ${"bodega".padEnd(8)} ${"en bodega".padStart(10)} ${"reservado".padStart(10)} ${"costo prom.".padStart(12)} ${"valor".padStart(14)}`,
            ...rows.map(
              (r) =>
                `${r.sku.padEnd(20)} ${r.warehouse.padEnd(8)} ${String(r.onHand).padStart(10)} ${String(r.reserved ?? "—").padStart(10)} ${clp(r.avgCost).padStart(12)} ${clp(r.value).padStart(14)}`,
            ),
            `Total ${clp(rows.reduce((s, r) => s + r.value, 0))}`,
          ].join("\n");
    return { json: rows, text };
  },
};
