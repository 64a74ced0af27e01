/** An address as a platform gives it, before it becomes a delivery; any field may be missing or blank. */
export interface PlatformAddress {
  name?: string | null | undefined;
  line1?: string | null | undefined;
  line2?: string | null | undefined;
  comuna?: string | null | undefined;
  region?: string | null | undefined;
  postalCode?: string | null | undefined;
  phone?: string | null | undefined;
  shippingMethod?: string | null | undefined;
}

const LIMITS = { name: 100, line1: 200, line2: 200, comuna: 60, region: 60, postalCode: 12, phone: 30 } as const;

const cut = (s: string | null | undefined, max: number) => {
  const t = (s ?? "").replace(/\s+/g, " ").trim();
  return t ? t.slice(0, max) : undefined;
};

/**
 * The delivery request `deliverIngestedOrder` takes, from a platform's shipping address: spaces
 * collapsed, texts cut to what a delivery stores, blanks dropped. Undefined without a street or a
 * comuna (a pickup, a digital good): nothing to deliver. The hub resolves the comuna, or says why not.
 */
export function deliveryRequest(
  a: PlatformAddress,
): { recipient: Record<string, string>; shippingMethod?: string } | undefined {
  const line1 = cut(a.line1, LIMITS.line1);
  const comuna = cut(a.comuna, LIMITS.comuna);
  if (!line1 || !comuna) return undefined;
  const recipient: Record<string, string> = { name: cut(a.name, LIMITS.name) ?? "", line1, comuna };
  for (const k of ["line2", "region", "postalCode", "phone"] as const) {
    const v = cut(a[k], LIMITS[k]);
    if (v) recipient[k] = v;
  }
  const method = cut(a.shippingMethod, 120);
  return { recipient, ...(method ? { shippingMethod: method } : {}) };
}
