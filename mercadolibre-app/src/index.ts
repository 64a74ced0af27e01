/**
 * Timbre for Mercado Libre (Chile). The connector (connector/index.ts) is what the hub discovers;
 * the hub bridge runs it in today's hub until the platform kit's runtime does (see hub-bridge/).
 */
export { mercadoLibreConnector, SWEEP_EVERY_MS } from "./connector/index.js";
export { registerMercadoLibre, EVENT_JOB, type MercadoLibreBridge } from "./hub-bridge/runtime.js";
export { mercadoLibreConfig, type MercadoLibreConfig } from "./config.js";
