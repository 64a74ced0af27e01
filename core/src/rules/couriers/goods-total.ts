import { ivaOnNet, multiplyRounded } from "../amounts.js";
import type { OrderLine } from "../order/normalized-order.js";

/** What the buyer pays for the goods (CLP, IVA included), shipping apart: the base of "free from". */
export function goodsTotal(lines: readonly OrderLine[], pricesIncludeTax: boolean): number {
  let total = 0;
  for (const l of lines) {
    const amount = multiplyRounded(l.unitPrice, l.quantity) - l.discount;
    total += pricesIncludeTax || l.exempt ? amount : amount + ivaOnNet(amount);
  }
  return total;
}
