/** Usage pricing: orders → UF → CLP, pure. */
export { OPEN_BAND, USAGE_TIERS, type UsageTier } from "./tiers.js";
export { formatUf, parseUf, priceOrders, type UsagePrice } from "./usage-price.js";
export { formatUfValue, parseUfValue, ufToClp } from "./uf-value.js";
export { billingMonth, lastDayOfMonth, monthBounds, monthOf, previousMonth, type BillingMonth } from "./month.js";
export { fairUse, type FairUseInput, type FairUseWarning } from "./fair-use.js";
