import type { NormalizedOrderInput } from "@timbre/core/platform-parts";
import { isValidRut, normalizeRut } from "@timbre/core/platform-parts";
import type {
  PsAddress,
  PsCarrier,
  PsCurrency,
  PsCustomer,
  PsOrder,
  PsOrderState,
  PsTimbreOrder,
} from "./resources.js";
import type { ShopConfig } from "./shop-reader.js";
import { shopTimeToDate } from "./shop-time.js";

/** Everything read from the shop about one order, mapped in one pure step. */
export interface OrderSnapshot {
  order: PsOrder;
  config: ShopConfig;
  states: readonly PsOrderState[];
  customer?: PsCustomer | undefined;
  invoiceAddress?: PsAddress | undefined;
  deliveryAddress?: PsAddress | undefined;
  carrier?: PsCarrier | undefined;
  currencies: readonly PsCurrency[];
  checkout?: PsTimbreOrder | undefined;
  /** The order's state changes so far (PrestaShop's date_upd has whole seconds only). */
  historyCount: number;
}

export type OrderStatus = NormalizedOrderInput["status"];

/**
 * The hub's status from the order's current state. Ids come from the shop's configuration; the
 * `paid` flag decides the rest, so a merchant's own "paid" states issue documents too. A refunded
 * order (state "Refunded") credits whatever order slips have not: it counts as cancelled.
 */
export function orderStatus(stateId: string, config: ShopConfig, states: readonly PsOrderState[]): OrderStatus {
  if (stateId === config.states.cancelled || stateId === config.states.refunded) return "cancelled";
  if (stateId === config.states.error) return "pending";
  return states.find((s) => s.id === stateId)?.paid ? "paid" : "pending";
}

export interface MappedOrder {
  order: NormalizedOrderInput;
  /** Things the merchant should know, already in Spanish (the currency is not CLP…). */
  warnings: string[];
}

const cut = (s: string, max: number) => s.replace(/\s+/g, " ").trim().slice(0, max);

/** Whole pesos from the order's currency. CLP is used as is; another currency goes through the shop's CLP rate. */
function pesos(snapshot: OrderSnapshot): { toClp: (amount: number) => number; warning?: string } {
  const currency = snapshot.currencies.find((c) => c.id === snapshot.order.id_currency);
  if (!currency || currency.iso_code.toUpperCase() === "CLP") return { toClp: (a) => Math.round(a) };
  const clp = snapshot.currencies.find((c) => c.iso_code.toUpperCase() === "CLP" && !c.deleted);
  const rate = snapshot.order.conversion_rate > 0 ? snapshot.order.conversion_rate : 1;
  if (clp && clp.conversion_rate > 0) return { toClp: (a) => Math.round((a / rate) * clp.conversion_rate) };
  return {
    toClp: (a) => Math.round(a),
    warning: `El pedido está en ${currency.iso_code} y la tienda no tiene pesos chilenos (CLP): los montos se toman como pesos. Agregue CLP en Internacional > Monedas.`,
  };
}

/** Spreads the order's discount over its lines (largest remainder), never beyond a line's total. */
function spreadDiscount(totals: number[], discount: number): { perLine: number[]; left: number } {
  const sum = totals.reduce((a, b) => a + b, 0);
  if (discount <= 0 || sum <= 0) return { perLine: totals.map(() => 0), left: Math.max(0, discount) };
  const take = Math.min(discount, sum);
  const raw = totals.map((t) => (t * take) / sum);
  const perLine = raw.map(Math.floor);
  let rest = take - perLine.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac);
  for (const { i } of order) {
    if (rest <= 0) break;
    if (perLine[i]! < totals[i]!) {
      perLine[i]! += 1;
      rest -= 1;
    }
  }
  return { perLine, left: discount - take };
}

export function mapOrder(s: OrderSnapshot): MappedOrder {
  const warnings: string[] = [];
  const money = pesos(s);
  if (money.warning) warnings.push(money.warning);
  const o = s.order;

  const rows = o.associations.order_rows;
  const totals = rows.map((r) => money.toClp(r.unit_price_tax_incl) * r.product_quantity);
  const discount = spreadDiscount(totals, money.toClp(o.total_discounts_tax_incl));
  const lines = rows.map((r, i) => {
    const sku = r.product_reference.trim();
    return {
      externalId: r.id,
      ...(sku ? { sku } : {}),
      name: cut(r.product_name, 80) || `Producto ${r.product_id}`,
      quantity: r.product_quantity,
      unitPrice: money.toClp(r.unit_price_tax_incl),
      discount: discount.perLine[i] ?? 0,
    };
  });

  const shippingPrice = Math.max(0, money.toClp(o.total_shipping_tax_incl + o.total_wrapping_tax_incl) - discount.left);
  const carrierName = s.carrier ? cut(s.carrier.name, 80) : "";
  const shipping = carrierName || shippingPrice > 0 ? { name: carrierName || "Despacho", price: shippingPrice } : null;

  const inv = s.invoiceAddress;
  const rutGiven = s.checkout?.rut || inv?.dni || "";
  const rut = rutGiven && isValidRut(rutGiven) ? normalizeRut(rutGiven) : undefined;
  if (rutGiven && !rut) warnings.push(`El RUT ${rutGiven} del pedido ${o.reference || o.id} no es válido.`);
  const chosen = s.checkout?.document_type;
  const document: "boleta" | "factura" | undefined = chosen === "factura" || chosen === "boleta" ? chosen : undefined;
  const businessName = cut(s.checkout?.business_name || inv?.company || "", 100);
  const activity = cut(s.checkout?.activity ?? "", 80);
  const name = cut([s.customer?.firstname, s.customer?.lastname].filter(Boolean).join(" "), 100);
  const email = s.customer?.email.trim().toLowerCase();
  const street = inv ? cut([inv.address1, inv.address2].filter(Boolean).join(" "), 70) : "";
  const buyer = {
    ...(email && email.length <= 80 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? { email } : {}),
    ...(name ? { name } : {}),
    ...(document ? { document } : {}),
    ...(rut ? { rut } : {}),
    ...(businessName ? { businessName } : {}),
    ...(activity ? { activity } : {}),
    ...(street ? { address: street } : {}),
    // Chilean shops keep the comuna in the city field.
    ...(inv?.city ? { commune: cut(inv.city, 20), city: cut(inv.city, 20) } : {}),
    ...(s.customer ? { guest: s.customer.is_guest } : {}),
  };

  const updated = shopTimeToDate(o.date_upd, s.config.timeZone) ?? new Date(0);
  // Two changes within one second (order placed, then paid, through the webservice) must still
  // compare as newer: each state change adds a history row, so the count breaks the tie.
  const updatedAt = new Date(updated.getTime() + Math.min(999, s.historyCount)).toISOString();

  return {
    order: {
      externalId: o.id,
      ...(o.reference ? { number: o.reference } : {}),
      status: orderStatus(o.current_state, s.config, s.states),
      updatedAt,
      pricesIncludeTax: true,
      buyer,
      lines,
      shipping,
    },
    warnings,
  };
}

/** The delivery address as couriers need it (the hub decides whether the order gets a delivery). */
export function deliveryAddress(s: OrderSnapshot) {
  const a = s.deliveryAddress;
  if (!a) return undefined;
  return {
    name: [a.firstname, a.lastname].filter(Boolean).join(" "),
    line1: a.address1,
    line2: a.address2,
    comuna: a.city,
    postalCode: a.postcode,
    phone: a.phone_mobile || a.phone,
    shippingMethod: s.carrier?.name,
  };
}
