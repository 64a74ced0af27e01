import type { Milli } from "./quantity.js";
import { wholeUnits } from "./quantity.js";

export interface WarehouseStock {
  onHand: Milli;
  reserved: Milli;
}

/** What can still be promised from one warehouse; a warehouse that is short owes, it does not lend. */
export function freeStock(b: WarehouseStock): Milli {
  return Math.max(0, b.onHand - b.reserved);
}

/**
 * What a store shows: the free stock of the warehouses that feed it, minus its safety buffer, in
 * whole units, never below zero. A negative count in one warehouse does not eat another's stock:
 * the short one cannot ship anything either way. Kept identical to the SQL in
 * hub/stock/refresh-store-variants.ts (a test compares both).
 */
export function storeAvailable(feeds: readonly WarehouseStock[], buffer: Milli, sellOnline = true): number {
  if (!sellOnline) return 0;
  const free = feeds.reduce((sum, b) => sum + freeStock(b), 0);
  return Math.max(0, wholeUnits(free - buffer));
}
