/**
 * What platform parts (jumpseller-app, and any other workspace mounting into the hub) build on:
 * the use cases they call and the ports they implement. A separate entry point (`@timbre/core/platform-parts`)
 * so several parts can add to core's surface without editing the same export list.
 */
export { ingestOrder, PROCESS_ORDER_JOB, type IngestResult } from "./orders/ingest-order.js";
export {
  NormalizedOrderSchema,
  type NormalizedOrder,
  type NormalizedOrderInput,
  type Buyer,
} from "../rules/order/normalized-order.js";
export { isValidRut, normalizeRut } from "../rules/rut.js";
export { createStore, type CreateStoreInput, type CreatedStore } from "./stores/create-store.js";
export {
  connectPluginStore,
  type ConnectPluginStoreInput,
  type ConnectedPluginStore,
} from "./stores/connect-plugin-store.js";
export { soleCompany, type SoleCompany } from "./company/sole-company.js";
export {
  registerCatalogAdapter,
  registeredCatalogAdapters,
  type CatalogAdapters,
} from "./platform/adapter-registry.js";
export {
  registerFulfillmentAdapter,
  type OrderFulfillmentPort,
  type FulfillmentUpdate,
} from "./platform/order-fulfillment-port.js";
export {
  registerUsageBilling,
  type UsageBillingPort,
  type UsageSubscription,
} from "./platform/usage-billing-port.js";
export { ensureUsageSubscription, usageTerms } from "./billing/ensure-subscription.js";
export { runBilling, billingRunOptions, BILLING_JOB, type BillingRunReport } from "./billing/billing-job.js";
export { companyUsage, type CompanyUsage } from "./billing/company-usage.js";
export {
  registerDocumentWriteBack,
  type DocumentWriteBackPort,
  type DocumentNotice,
} from "./platform/document-writeback-port.js";
export {
  PlatformThrottledError,
  type StoreCatalogPort,
  type PlatformLimits,
  type PlatformRef,
  type PlatformListing,
  type ListingPage,
  type InventoryUpdate,
  type InventoryOutcome,
} from "./platform/catalog-port.js";
export { PLATFORM_LIMITS } from "./platform/limits.js";
export { RateLimiter, storeRateLimiter } from "./platform/rate-limiter.js";
export { systemClock, type Clock } from "./platform/clock.js";
export { pacedPort } from "./platform/paced-port.js";
export { enqueue, type EnqueueOptions } from "./jobs/job-queue.js";
export { PermanentFailure, RetryLater, type JobHandler, type JobContext, type Worker } from "./jobs/worker.js";
export { runStoreSync, type SyncReport, type SyncProgress } from "./sync/run-store-sync.js";
export { recordAudit, type AuditEntry } from "./audit/record-audit.js";
export { createMailer, type Mailer } from "./email/mailer.js";
export { TimbreError, isTimbreError, type UserMessage } from "../errors.js";
// Catalog and stock set-up, for platform parts' end-to-end tests and demos.
export { upsertProducts } from "./catalog/upsert-products.js";
export { createWarehouse } from "./stock/create-warehouse.js";
export { recordMovements } from "./stock/record-movements.js";
// Shopify (refunds/create webhook → nota de crédito).
export { recordRefund, PROCESS_REFUND_JOB } from "./orders/record-refund.js";
export { RefundRequestSchema, type RefundRequest } from "../rules/order/refund-request.js";
// A platform's product hook: record what the store now has for one product, then publish.
export { recordStoreListings, type ListingInput } from "./catalog/record-store-listings.js";
export { schedulePublish, PUBLISH_STOCK_JOB } from "./stock/schedule-publish.js";
// Shopify locations ↔ warehouses.
export { setStoreWarehouses } from "./stock/set-store-warehouses.js";
export { listWarehouses } from "./stock/list-warehouses.js";
export { recordStoreStockEdit, type StoreStockEdit } from "./stock/record-store-stock-edit.js";
// Couriers: a platform part creates the delivery of a paid order from its shipping address.
export { deliverIngestedOrder, type IngestedDelivery } from "./couriers/order-delivery.js";
export { deliveryRequest, type PlatformAddress } from "./couriers/delivery-request.js";
export { type DeliveryView } from "./couriers/delivery-view.js";
// Courier set-up (zones, couriers, the store's shipping methods, sign-in links), for platform parts'
// admin pages, end-to-end tests and demos: a store installed by OAuth has no sync-API key to hand.
export { saveZone } from "./couriers/save-zone.js";
export { ZoneInputSchema, type ZoneInputRaw } from "../rules/couriers/zone-input.js";
export { saveCourier } from "./couriers/save-courier.js";
export { CourierInputSchema } from "./couriers/courier-input.js";
export { saveShippingMethod, ShippingMethodInputSchema } from "./couriers/shipping-methods.js";
export { issueLoginLink } from "./couriers/courier-sessions.js";
// Customers a platform tells us about (created or edited in the store), matched by RUT then e-mail.
export { recordCustomer } from "./customers/record-customer.js";
export { CustomerInputSchema, type CustomerInput } from "./customers/match-customer.js";
export type { CustomerView } from "./customers/customer-view.js";
export { parsePlatformJson, withStorableText, MAX_JSON_DEPTH } from "./http/safe-json.js";
export { logger, withLogContext } from "./logging/logger.js";
// Customer groups priced by hub price lists (Magento tier prices).
export { groupPriceLists, setGroupPriceList, type GroupPriceList } from "./catalog/group-price-lists.js";
export { storeCatalogItems, type StoreCatalogItem } from "./catalog/store-catalog-items.js";
export { customerPriceGroups, type CustomerGroupAssignment } from "./customers/customer-price-groups.js";
