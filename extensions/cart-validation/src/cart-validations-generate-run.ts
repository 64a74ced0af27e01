import { parseDocumentChoice, validateFiscalFields } from "@timbre/ext-shared";

/** The shape `src/cart_validations_generate_run.graphql` asks Shopify for. */
export interface CartValidationsGenerateRunInput {
  cart: {
    documentType?: { value: string | null } | null;
    rut?: { value: string | null } | null;
    businessName?: { value: string | null } | null;
    activity?: { value: string | null } | null;
  };
  localization?: { language?: { isoCode?: string | null } | null } | null;
}

export interface ValidationError {
  message: string;
  target: string;
}

export interface CartValidationsGenerateRunResult {
  operations: Array<{ validationAdd: { errors: ValidationError[] } }>;
}

/**
 * `cart.validations.generate.run`: a factura needs a valid RUT (check digit included), a razón
 * social and a giro, or checkout cannot complete. A boleta (the default) is never blocked. The hub
 * checks the RUT again before issuing: attributes can also be changed through the cart API.
 */
export function cartValidationsGenerateRun(input: CartValidationsGenerateRunInput): CartValidationsGenerateRunResult {
  const cart = input.cart ?? {};
  const lang = input.localization?.language?.isoCode?.toLowerCase().startsWith("en") ? "en" : "es";
  const errors = validateFiscalFields({
    documentType: parseDocumentChoice(cart.documentType?.value),
    rut: cart.rut?.value ?? "",
    businessName: cart.businessName?.value ?? "",
    activity: cart.activity?.value ?? "",
  }).map((e) => ({ message: e[lang], target: "$.cart" }));
  return { operations: [{ validationAdd: { errors } }] };
}
