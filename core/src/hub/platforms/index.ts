/**
 * The platform kit (`@timbre/core/platforms`): what a platform connector implements and everything
 * it may use. See README.md in this folder.
 */
export {
  defineConnector,
  isRejection,
  type AnyConnector,
  type PlatformConnector,
  type ConnectorFactory,
  type ConnectorSetup,
  type StoreSetup,
  type StoreIdentityAndSecrets,
  type WebhookSpec,
  type WebhookRequest,
  type VerifiedEvent,
  type WebhookRejection,
  type InboxEventView,
  type TopicHandler,
  type TopicSpec,
  type SweepSpec,
  type OrderRead,
  type ConnectorRoute,
  type ConnectorJob,
} from "./connector.js";
export type {
  PlatformContext,
  StoreContext,
  InstallInput,
  JobOptions,
  AuditSubject,
  SettingsStore,
  CredentialStore,
  StoreOrders,
  OrderOutcome,
  StoreCatalog,
  StoreProblem,
  StoreProblems,
  StorePrivacy,
  StoreCustomers,
  StoreShipping,
} from "./context.js";
export {
  registerConnector,
  getConnector,
  requireConnector,
  listConnectors,
  platformIds,
  webhookPath,
  PLATFORM_ID,
} from "./registry.js";
export { PlatformAccessRevoked, isAccessRevoked } from "./access-revoked.js";
export { discoverConnectors, findConnectorModules, type DiscoveredConnectors } from "./discover.js";
export { loadPlatforms } from "./load-platforms.js";
export { setupFlags, readStoreSetup, type SetupFlag } from "./store-setup.js";
// Until the kit hands connectors a StoreContext in every job, platform parts open their stores' credentials with it.
export { openCredentials, sealCredentials } from "./credential-codec.js";
export { hmacSha256, signHmac, verifyHmac, constantTimeEqual, eventIdFromBody, type DigestEncoding } from "./hmac.js";
// The ports a connector's adapters implement, and the pieces they are built from.
export {
  PlatformThrottledError,
  type StoreCatalogPort,
  type PlatformLimits,
  type PlatformRef,
  type PlatformListing,
  type ListingPage,
  type InventoryUpdate,
  type InventoryOutcome,
} from "../platform/catalog-port.js";
export type { OrderFulfillmentPort, FulfillmentUpdate } from "../platform/order-fulfillment-port.js";
export type { DocumentWriteBackPort, DocumentNotice } from "../platform/document-writeback-port.js";
export { RateLimiter } from "../platform/rate-limiter.js";
export { systemClock, virtualClock, type Clock } from "../platform/clock.js";
export type { RateLimits } from "../../rules/stock/pacing.js";
export { deliveryRequest, type PlatformAddress } from "../couriers/delivery-request.js";
export {
  NormalizedOrderSchema,
  type NormalizedOrder,
  type NormalizedOrderInput,
  type Buyer,
} from "../../rules/order/normalized-order.js";
export { RefundRequestSchema, type RefundRequest } from "../../rules/order/refund-request.js";
export type { ListingInput } from "../catalog/record-store-listings.js";
export type { GroupPriceList } from "../catalog/group-price-lists.js";
export type { StoreCatalogItem } from "../catalog/store-catalog-items.js";
export type { CustomerInput } from "../customers/match-customer.js";
export type { CustomerGroupAssignment } from "../customers/customer-price-groups.js";
export type { StoreStockEdit } from "../stock/record-store-stock-edit.js";
export { isValidRut, normalizeRut } from "../../rules/rut.js";
export { TimbreError, isTimbreError, type UserMessage, type FieldIssue } from "../../errors.js";
