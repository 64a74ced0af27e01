import { normalizeRut, parseRut } from "@timbre/core/rules/rut";
import { FISCAL_LIMITS, type FiscalField, type FiscalFields } from "./fiscal-fields.js";

export interface FieldError {
  field: FiscalField;
  es: string;
  en: string;
}

/** The RUT check with the core's own rule (módulo 11), message in the buyer's words; null when fine. */
export function rutError(text: string): FieldError | null {
  try {
    parseRut(text, "rut");
    return null;
  } catch (e) {
    const user = (e as { user?: { es: string; en: string } }).user;
    return { field: "rut", es: user?.es ?? "RUT inválido.", en: user?.en ?? "Invalid RUT." };
  }
}

/**
 * Everything a factura needs, checked the way the hub will check it again before issuing: a valid
 * RUT (not the generic 66.666.666-6 of an anonymous boleta), razón social and giro within the XSD
 * lengths. A boleta needs nothing.
 */
export function validateFiscalFields(f: FiscalFields): FieldError[] {
  if (f.documentType !== "factura") return [];
  const errors: FieldError[] = [];
  const rut = f.rut.trim();
  if (rut === "") {
    errors.push({
      field: "rut",
      es: "Ingrese el RUT de la empresa para la factura.",
      en: "Enter the company's RUT for the invoice.",
    });
  } else {
    const e = rutError(rut);
    if (e) errors.push(e);
    else if (normalizeRut(rut) === "66666666-6") {
      errors.push({
        field: "rut",
        es: "El RUT 66.666.666-6 es solo para boletas sin receptor.",
        en: "RUT 66.666.666-6 is only for anonymous receipts.",
      });
    }
  }
  const name = f.businessName.trim();
  if (name === "")
    errors.push({
      field: "businessName",
      es: "Ingrese la razón social.",
      en: "Enter the company name (razón social).",
    });
  else if (name.length > FISCAL_LIMITS.businessName) {
    errors.push({
      field: "businessName",
      es: `La razón social admite hasta ${FISCAL_LIMITS.businessName} caracteres.`,
      en: `The company name allows up to ${FISCAL_LIMITS.businessName} characters.`,
    });
  }
  const giro = f.activity.trim();
  if (giro === "")
    errors.push({
      field: "activity",
      es: "Ingrese el giro de la empresa.",
      en: "Enter the company's line of business (giro).",
    });
  else if (giro.length > FISCAL_LIMITS.activity) {
    errors.push({
      field: "activity",
      es: `El giro admite hasta ${FISCAL_LIMITS.activity} caracteres.`,
      en: `The line of business allows up to ${FISCAL_LIMITS.activity} characters.`,
    });
  }
  return errors;
}

/** The first error for one field, for showing under that input. */
export function errorFor(errors: readonly FieldError[], field: FiscalField): FieldError | undefined {
  return errors.find((e) => e.field === field);
}
