import type { Milli } from "./quantity.js";

export interface Source {
  warehouseId: string;
  free: Milli;
}

export interface Allocation {
  takes: Array<{ warehouseId: string; quantity: Milli }>;
  /** What the sources could not cover. */
  short: Milli;
}

/** Takes `need` from the sources in the order given (the store's warehouse priority). */
export function allocate(need: Milli, sources: readonly Source[]): Allocation {
  const takes: Allocation["takes"] = [];
  let left = need;
  for (const s of sources) {
    if (left <= 0) break;
    const q = Math.min(left, Math.max(0, s.free));
    if (q > 0) {
      takes.push({ warehouseId: s.warehouseId, quantity: q });
      left -= q;
    }
  }
  return { takes, short: Math.max(0, left) };
}
