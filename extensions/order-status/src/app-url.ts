declare const __TIMBRE_APP_URL__: string;

/** The hub's URL, set at build time (TIMBRE_APP_URL or SHOPIFY_APP_URL). */
export const APP_URL: string = typeof __TIMBRE_APP_URL__ === "string" ? __TIMBRE_APP_URL__ : "http://localhost:3000";
