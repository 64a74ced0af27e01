/**
 * Timbre for Mercado Libre (Chile). The connector (connector/index.ts) is what the hub discovers
 * (package.json "timbre.connector"); the platform kit's runtime mounts its routes and notification
 * receiver, runs its topics, sweep and jobs, and finds its catalog, document and fulfillment ports.
 */
export { mercadoLibreConnector, SWEEP_EVERY_MS, CATALOG_SYNC_JOB } from "./connector/index.js";
export { mercadoLibreConfig, type MercadoLibreConfig } from "./config.js";
