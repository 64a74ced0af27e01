import { defineConnector } from "@timbre/core/platforms";
import { prestashopConnector } from "./connector.js";

/**
 * The hub's PrestaShop connector, found by the platform kit through this workspace's package.json.
 * PRESTASHOP_SWEEP_MINUTES sets how often orders changed in the shop are swept (default 5).
 */
export default defineConnector((setup) => {
  const minutes = Number(setup.env.PRESTASHOP_SWEEP_MINUTES ?? "");
  return prestashopConnector(Number.isFinite(minutes) && minutes > 0 ? { sweepEveryMs: minutes * 60_000 } : {});
});

export { prestashopConnector, readShopOrder, PRESTASHOP, type Credentials, type Settings } from "./connector.js";
export { PrestaShopWebservice, WebserviceError } from "./webservice-client.js";
