import { isValidRut, normalizeRut, type NormalizedOrderInput } from "@timbre/core/platform-parts";
import type { MeliBillingInfo, MeliOrder } from "./meli-schemas.js";

type Buyer = NonNullable<NormalizedOrderInput["buyer"]>;

const cut = (s: string | number | null | undefined, max: number): string | undefined => {
  const t = String(s ?? "")
    .replace(/\s+/g, " ")
    .trim();
  return t ? t.slice(0, max) : undefined;
};

/** A RUT as ML may give it ("76.192.083-9", "761920839", "76192083-9"), if it is a valid one. */
export function billingRut(number: string | number | null | undefined): string | undefined {
  const raw = String(number ?? "").replace(/[^0-9kK]/g, "");
  if (raw.length < 2) return undefined;
  const candidate = `${raw.slice(0, -1)}-${raw.slice(-1)}`;
  return isValidRut(candidate) ? normalizeRut(candidate) : undefined;
}

/**
 * The buyer as the document needs them, from the billing data the buyer gave Mercado Libre. A
 * factura only with a valid RUT and a razón social (a company, `cust_type: "BU"`, or a business name
 * given); otherwise a boleta, nominative when a valid RUT is there. The hub still checks the rest of
 * what a factura needs (giro, address) and falls back to a boleta with a note.
 */
export function billingBuyer(billing: MeliBillingInfo | undefined, order: MeliOrder | undefined): Buyer {
  const info = billing?.buyer?.billing_info ?? undefined;
  const attrs = info?.attributes ?? undefined;
  const personName =
    cut([info?.name, info?.last_name].filter(Boolean).join(" "), 100) ??
    cut([order?.buyer?.first_name, order?.buyer?.last_name].filter(Boolean).join(" "), 100) ??
    cut(order?.buyer?.nickname, 100);
  const rut = billingRut(info?.identification?.number);
  const isCompany = String(attrs?.cust_type ?? "").toUpperCase() === "BU";
  const businessName =
    cut(attrs?.business_name, 100) ?? cut(info?.business_name, 100) ?? (isCompany ? personName : undefined);
  const activity = cut(info?.taxes?.economic_activity, 80) ?? cut(attrs?.economic_activity, 80);
  const a = info?.address ?? undefined;
  const state = typeof a?.state === "string" ? a.state : a?.state?.name;
  const buyer: Buyer = { document: rut && businessName ? "factura" : "boleta" };
  const set = <K extends keyof Buyer>(k: K, v: Buyer[K] | undefined) => {
    if (v !== undefined) buyer[k] = v;
  };
  set("name", personName);
  set("rut", rut);
  if (buyer.document === "factura") {
    set("businessName", businessName);
    set("activity", activity);
  }
  set("address", cut([a?.street_name, a?.street_number].filter((x) => x != null && x !== "").join(" "), 70));
  set("commune", cut(a?.comuna ?? a?.neighborhood ?? a?.city_name, 20));
  set("city", cut(a?.city_name ?? state, 20));
  return buyer;
}
