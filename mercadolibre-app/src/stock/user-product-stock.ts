import type { InventoryOutcome } from "@timbre/core/platform-parts";
import type { MeliClient } from "../client/meli-client.js";
import { MeliApiError } from "../client/meli-error.js";
import { UserProductStockSchema, type UserProductStock } from "./item-schemas.js";

/** Where the seller's own (editable) stock of a user product lives; Full (`meli_facility`) is ML's. */
export type StockTarget = { type: "selling_address" } | { type: "seller_warehouse"; storeId: string | null };

interface VersionedStock {
  stock: UserProductStock;
  version: string;
}

export async function readUserProductStock(client: MeliClient, upId: string): Promise<VersionedStock | null> {
  const r = await client.request({
    method: "GET",
    path: `/user-products/${encodeURIComponent(upId)}/stock`,
    expect: [404],
  });
  if (r.status === 404) return null;
  const version = r.headers.get("x-version");
  const stock = UserProductStockSchema.parse(r.body);
  if (!version)
    throw new MeliApiError(r.status, "GET", `/user-products/${upId}/stock`, { message: "no x-version header" });
  return { stock, version };
}

/** The quantity Timbre manages in this user product (null when the seller has no editable location). */
export function managedQuantity(stock: UserProductStock, target: StockTarget): number | null {
  if (target.type === "selling_address") {
    const loc = stock.locations.find((l) => l.type === "selling_address");
    return loc ? loc.quantity : null;
  }
  const depots = stock.locations.filter((l) => l.type === "seller_warehouse");
  const mine = target.storeId ? depots.find((l) => l.store_id === target.storeId) : depots[0];
  return mine ? mine.quantity : null;
}

/** Which location to write: the seller's depots when they have them, else the selling address. */
export function targetFor(stock: UserProductStock, preferredStoreId: string | null): StockTarget | null {
  if (stock.locations.some((l) => l.type === "seller_warehouse"))
    return { type: "seller_warehouse", storeId: preferredStoreId };
  if (stock.locations.some((l) => l.type === "selling_address")) return { type: "selling_address" };
  return null;
}

function body(stock: UserProductStock, target: StockTarget, quantity: number): unknown {
  if (target.type === "selling_address") return { quantity };
  const depots = stock.locations.filter((l) => l.type === "seller_warehouse");
  const mine = target.storeId ? depots.find((l) => l.store_id === target.storeId) : depots[0];
  // Every depot is sent, the others with what they have, so none is emptied by omission.
  return {
    locations: depots.map((l) => ({
      store_id: l.store_id,
      ...(l.network_node_id ? { network_node_id: l.network_node_id } : {}),
      quantity: l === mine ? quantity : l.quantity,
    })),
  };
}

const MAX_CONFLICTS = 5;

/**
 * Sets the seller's quantity of a user product with Mercado Libre's compare-and-set: the PUT carries
 * the `x-version` read with the stock, and a 409 ("Version mismatch") means the stock moved between
 * our read and our write — a sale, most likely. Then the stock is read again and the write retried
 * carrying that movement along (target + what changed meanwhile), so a concurrent sale is never
 * overwritten. A difference already there before our write is the hub's to judge: `stale`.
 */
export async function setUserProductQuantity(
  client: MeliClient,
  upId: string,
  quantity: number,
  expected: number | null,
  preferredStoreId: string | null,
): Promise<InventoryOutcome> {
  let read = await readUserProductStock(client, upId);
  if (!read) return { ok: false, reason: "not_found", message: `user product ${upId} not found` };
  const target = targetFor(read.stock, preferredStoreId);
  if (!target) {
    return {
      ok: false,
      reason: "rejected",
      message: "solo hay stock en Full (Mercado Libre lo administra): no hay ubicación propia que actualizar",
    };
  }
  const before = managedQuantity(read.stock, target);
  if (before === null) return { ok: false, reason: "rejected", message: `depósito ${target.type} no encontrado` };
  if (expected !== null && before !== expected) return { ok: false, reason: "stale", actual: before };
  if (before === quantity) return { ok: true };
  let want = quantity;
  let seen = before;
  for (let conflicts = 0; ; conflicts++) {
    const type = target.type;
    const r = await client.request({
      method: "PUT",
      path: `/user-products/${encodeURIComponent(upId)}/stock/type/${type}`,
      headers: { "x-version": read.version },
      json: body(read.stock, target, want),
      expect: [409],
    });
    if (r.status !== 409) return { ok: true };
    if (conflicts >= MAX_CONFLICTS) {
      return { ok: false, reason: "rejected", message: `x-version conflict ${MAX_CONFLICTS + 1} times in a row` };
    }
    read = await readUserProductStock(client, upId);
    if (!read) return { ok: false, reason: "not_found", message: `user product ${upId} not found` };
    const now = managedQuantity(read.stock, target);
    if (now === null) return { ok: false, reason: "rejected", message: `depósito ${target.type} no encontrado` };
    // What moved between reads (a sale: negative) is kept on top of the quantity we set.
    want = Math.max(0, want + (now - seen));
    seen = now;
  }
}
