import type { ApiRoute } from "../define-route.js";
import { adminAppRoutes } from "./admin-app.js";
import { billingRoutes } from "./billing.js";
import { catalogRoutes } from "./catalog.js";
import { comunaRoutes } from "./comunas.js";
import { courierSettingsRoutes } from "./courier-settings.js";
import { courierRoutes } from "./couriers.js";
import { customerRoutes } from "./customers.js";
import { deliveryRoutes } from "./deliveries.js";
import type { RouteDeps } from "./deps.js";
import { documentRoutes } from "./documents.js";
import { operationRoutes } from "./operations.js";
import { orderRoutes } from "./orders.js";
import { settlementRoutes } from "./settlements.js";
import { shippingRoutes } from "./shipping.js";
import { signatureRoutes } from "./signatures.js";
import { stockRoutes } from "./stock.js";
import { syncRoutes } from "./sync.js";
import { zoneRoutes } from "./zones.js";

/** Every route of the sync API (/api/v1), in the order the OpenAPI document lists them. */
export function syncApiRoutes(deps: RouteDeps): ApiRoute[] {
  return [
    ...orderRoutes(deps),
    ...stockRoutes(deps),
    ...catalogRoutes(deps),
    ...syncRoutes(deps),
    ...comunaRoutes(),
    ...courierSettingsRoutes(deps),
    ...zoneRoutes(deps),
    ...shippingRoutes(deps),
    ...courierRoutes(deps),
    ...deliveryRoutes(deps),
    ...settlementRoutes(deps),
    ...documentRoutes(deps),
    ...operationRoutes(deps),
    ...customerRoutes(deps),
    ...signatureRoutes(deps),
    ...adminAppRoutes(deps),
    ...billingRoutes(deps),
  ];
}
