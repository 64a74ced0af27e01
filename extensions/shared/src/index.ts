export * from "./fiscal-fields.js";
export * from "./validate-fiscal-fields.js";
export * from "./rut-input.js";
export * from "./order-metafields.js";
export * from "./factura-request.js";
export * from "./order-document.js";
