import type { Milli } from "./quantity.js";

/** Balance of one product in one warehouse, as the kardex values it. */
export interface CostState {
  onHand: Milli;
  /** CLP per unit, weighted average. */
  avgCost: number;
}

export interface ValuedMovement extends CostState {
  /** The CLP per unit this movement is recorded at. */
  unitCost: number;
}

/** Costs keep four decimals (CLP per unit); values are rounded to whole pesos only when shown. */
export function roundCost(c: number): number {
  return Math.round(c * 10_000) / 10_000;
}

/**
 * Applies a signed quantity to a balance by weighted average cost:
 * - an entry is recorded at its own unit cost (the current average when none is given) and moves
 *   the average to (stock value + entry value) / new quantity;
 * - an exit is recorded at the current average, which it leaves unchanged;
 * - when there was nothing (or less than nothing) on hand, the entry's cost becomes the average:
 *   averaging with a negative quantity would produce nonsense costs.
 */
export function applyMovement(state: CostState, delta: Milli, unitCost?: number): ValuedMovement {
  const onHand = state.onHand + delta;
  if (delta <= 0) return { onHand, avgCost: state.avgCost, unitCost: state.avgCost };
  const cost = roundCost(unitCost ?? state.avgCost);
  if (state.onHand <= 0 || onHand <= 0) return { onHand, avgCost: cost, unitCost: cost };
  const avgCost = roundCost((state.onHand * state.avgCost + delta * cost) / onHand);
  return { onHand, avgCost, unitCost: cost };
}

/** Stock value in whole CLP. */
export function stockValue(state: CostState): number {
  return Math.round((state.onHand / 1000) * state.avgCost);
}
