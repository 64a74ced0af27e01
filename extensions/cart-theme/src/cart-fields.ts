import {
  attributesFromFiscalFields,
  formatRutInput,
  validateFiscalFields,
  type FieldError,
  type FiscalFields,
} from "@timbre/ext-shared";

export type Lang = "es" | "en";

export const STATUS = {
  es: {
    saved: "Datos de facturación guardados.",
    failed: "No se pudieron guardar los datos de facturación.",
    fix: "Revise los datos de la factura antes de pagar.",
  },
  en: {
    saved: "Billing details saved.",
    failed: "Billing details could not be saved.",
    fix: "Check the invoice details before checking out.",
  },
} as const;

export function langOf(iso: string | null | undefined): Lang {
  return iso?.toLowerCase().startsWith("en") ? "en" : "es";
}

/** Field values as the block's inputs hold them; the RUT reformatted as typed. */
export function readFields(get: (name: keyof FiscalFields) => string | null): FiscalFields {
  return {
    documentType: get("documentType") === "factura" ? "factura" : "boleta",
    rut: formatRutInput(get("rut") ?? ""),
    businessName: get("businessName") ?? "",
    activity: get("activity") ?? "",
  };
}

/** The errors to print under each input, in the page's language; an empty map when all is well. */
export function errorMessages(fields: FiscalFields, lang: Lang): Map<FieldError["field"], string> {
  const out = new Map<FieldError["field"], string>();
  for (const e of validateFiscalFields(fields)) if (!out.has(e.field)) out.set(e.field, e[lang]);
  return out;
}

type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; credentials?: "same-origin" },
) => Promise<{ ok: boolean }>;

/**
 * Saves the fields on the cart through the theme's own Ajax API (`/cart/update.js` with
 * `attributes`), so they reach the order as note attributes on every plan.
 */
export async function saveCartAttributes(
  fetchImpl: FetchLike,
  cartUpdateUrl: string,
  fields: FiscalFields,
): Promise<boolean> {
  const url = `${cartUpdateUrl.replace(/\.js$/, "")}.js`;
  try {
    const res = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ attributes: attributesFromFiscalFields(fields) }),
      credentials: "same-origin",
    });
    return res.ok;
  } catch {
    return false;
  }
}
