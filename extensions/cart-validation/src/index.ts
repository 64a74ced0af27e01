// The function module as the Shopify CLI builds a JavaScript function: an ESM file exporting each
// target under its camelCased export name, run by Javy.
export { cartValidationsGenerateRun } from "./cart-validations-generate-run.js";
