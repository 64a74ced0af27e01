import type { AnyConnector } from "./connector.js";

/**
 * The demo store's platform (`npm start` seeds one): it has no platform behind it, so it declares
 * nothing; orders reach it through the sync API like a plugin's. Core's only built-in connector,
 * always in the registry.
 */
export const demoConnector: AnyConnector = { id: "demo", name: "Demo" };
