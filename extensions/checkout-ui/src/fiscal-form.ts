import {
  attributesFromFiscalFields,
  fiscalFieldsFromAttributes,
  formatRutInput,
  validateFiscalFields,
  type AttributeEntry,
  type FieldError,
  type FiscalField,
  type FiscalFields,
} from "@timbre/ext-shared";

/** The form's state: what the buyer typed, and whether each field was left (errors show after blur). */
export interface FiscalFormState {
  fields: FiscalFields;
  touched: Partial<Record<FiscalField, boolean>>;
}

export type AttributeUpdate = { type: "updateAttribute"; key: string; value: string };

export function initialState(attributes: readonly AttributeEntry[] | undefined): FiscalFormState {
  const fields = fiscalFieldsFromAttributes(attributes);
  return { fields: { ...fields, rut: fields.rut ? formatRutInput(fields.rut) : "" }, touched: {} };
}

/** One keystroke or choice; the RUT is reformatted live (dots and hyphen). */
export function changeField(state: FiscalFormState, field: FiscalField, value: string): FiscalFormState {
  const next = { ...state.fields };
  if (field === "documentType") next.documentType = value === "factura" ? "factura" : "boleta";
  else if (field === "rut") next.rut = formatRutInput(value);
  else next[field] = value;
  return { ...state, fields: next };
}

export function touchField(state: FiscalFormState, field: FiscalField): FiscalFormState {
  return { ...state, touched: { ...state.touched, [field]: true } };
}

/** Errors to show now: only for fields the buyer already left, so typing is not shouted at. */
export function visibleErrors(state: FiscalFormState): FieldError[] {
  return validateFiscalFields(state.fields).filter((e) => state.touched[e.field]);
}

/**
 * The attribute writes that bring the cart in line with the form: only the keys whose value
 * differs from what the cart already has, so each blur costs at most one call per changed field.
 */
export function attributeUpdates(
  state: FiscalFormState,
  current: readonly AttributeEntry[] | undefined,
): AttributeUpdate[] {
  const have = new Map<string, string>();
  for (const e of current ?? []) have.set("name" in e ? e.name : e.key, e.value ?? "");
  return Object.entries(attributesFromFiscalFields(state.fields))
    .filter(([key, value]) => (have.get(key) ?? "") !== value)
    .map(([key, value]) => ({ type: "updateAttribute" as const, key, value }));
}

export type Lang = "es" | "en";

export function languageOf(isoCode: string | undefined): Lang {
  return isoCode?.toLowerCase().startsWith("en") ? "en" : "es";
}

export const TEXT = {
  es: {
    heading: "Documento tributario",
    boleta: "Boleta",
    factura: "Factura",
    rut: "RUT de la empresa",
    businessName: "Razón social",
    activity: "Giro",
    rutHint: "Ejemplo: 76.192.083-9",
    locked: "Los datos de facturación no se pueden cambiar en este checkout.",
    saveFailed: "No se pudieron guardar los datos de facturación. Intente de nuevo.",
  },
  en: {
    heading: "Tax document",
    boleta: "Receipt (boleta)",
    factura: "Invoice (factura)",
    rut: "Company RUT",
    businessName: "Company name (razón social)",
    activity: "Line of business (giro)",
    rutHint: "Example: 76.192.083-9",
    locked: "Billing details cannot be changed in this checkout.",
    saveFailed: "Billing details could not be saved. Try again.",
  },
} as const;
