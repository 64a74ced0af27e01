/**
 * The buyer's tax data as every extension stores it and the hub reads it. Cart attributes, because
 * they are the one carrier that works on every plan (checkout UI extension on Plus, the theme cart
 * block everywhere) and they reach the order as `note_attributes` (webhook) / `customAttributes`
 * (GraphQL). The keys are Spanish because the merchant sees them under "Detalles adicionales".
 */
export const FISCAL_ATTRIBUTE = {
  documentType: "timbre_documento",
  rut: "timbre_rut",
  businessName: "timbre_razon_social",
  activity: "timbre_giro",
} as const;

export type FiscalField = keyof typeof FISCAL_ATTRIBUTE;
export const FISCAL_FIELDS = Object.keys(FISCAL_ATTRIBUTE) as FiscalField[];

export type DocumentChoice = "boleta" | "factura";

/** What the buyer typed. Empty strings mean "not given". */
export interface FiscalFields {
  documentType: DocumentChoice;
  rut: string;
  businessName: string;
  activity: string;
}

export const EMPTY_FISCAL_FIELDS: FiscalFields = { documentType: "boleta", rut: "", businessName: "", activity: "" };

/** Lengths of the DTE receptor fields these end up in (RznSocRecep 100, GiroRecep 40 per the SII XSD). */
export const FISCAL_LIMITS = { rut: 12, businessName: 100, activity: 40 } as const;

/** Attribute entries as Shopify shows them: webhook `{name, value}`, GraphQL/extension `{key, value}`. */
export type AttributeEntry = { name: string; value: string | null } | { key: string; value: string | null };

function entryKey(e: AttributeEntry): string {
  return "name" in e ? e.name : e.key;
}

export function parseDocumentChoice(value: string | null | undefined): DocumentChoice {
  return value?.trim().toLowerCase() === "factura" ? "factura" : "boleta";
}

/** Reads the fields back from an order's or cart's attributes; unknown attributes are ignored. */
export function fiscalFieldsFromAttributes(entries: readonly AttributeEntry[] | null | undefined): FiscalFields {
  const byKey = new Map<string, string>();
  for (const e of entries ?? []) byKey.set(entryKey(e), (e.value ?? "").trim());
  return {
    documentType: parseDocumentChoice(byKey.get(FISCAL_ATTRIBUTE.documentType)),
    rut: byKey.get(FISCAL_ATTRIBUTE.rut) ?? "",
    businessName: byKey.get(FISCAL_ATTRIBUTE.businessName) ?? "",
    activity: byKey.get(FISCAL_ATTRIBUTE.activity) ?? "",
  };
}

/**
 * The attributes to write for these fields. A boleta clears the factura fields so that a buyer who
 * switched back does not leave a stale RUT on the order.
 */
export function attributesFromFiscalFields(f: FiscalFields): Record<string, string> {
  const factura = f.documentType === "factura";
  return {
    [FISCAL_ATTRIBUTE.documentType]: f.documentType,
    [FISCAL_ATTRIBUTE.rut]: factura ? f.rut.trim() : "",
    [FISCAL_ATTRIBUTE.businessName]: factura ? f.businessName.trim() : "",
    [FISCAL_ATTRIBUTE.activity]: factura ? f.activity.trim() : "",
  };
}
