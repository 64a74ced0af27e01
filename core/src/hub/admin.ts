/**
 * What an embedded platform admin (the Shopify Polaris pages) calls: one entry point, so the pages
 * never reach into the database themselves. `@timbre/core/admin`.
 */
export { TimbreError, isTimbreError, type UserMessage, type FieldIssue } from "../errors.js";
export { setCompany, CompanyPatchSchema, type CompanyPatch } from "./company/set-company.js";
export { companyView, type CompanyView } from "./company/company-view.js";
export { onboardingStatus, type OnboardingStatus } from "./company/onboarding-status.js";
export { loadCompanyCertificate } from "./certificates/load-certificate.js";
export { loadCaf, type LoadCafInput } from "./cafs/load-caf.js";
export { cafVerificationKeys } from "./cafs/caf-verification-keys.js";
export { findShopStore } from "./stores/find-shop-store.js";
export { connectShopCompany } from "./stores/connect-shop-company.js";
export {
  readStoreSettings,
  updateStoreSettings,
  StoreSettingsSchema,
  type StoreSettings,
} from "./stores/store-settings.js";
export { dashboardSummary, type DashboardSummary } from "./documents/dashboard-summary.js";
export { documentLinks } from "./documents/document-links.js";
export { resendDocumentEmail } from "./documents/resend-document-email.js";
export { listStoreOrders, type OrderListFilter } from "./orders/list-store-orders.js";
export { findStoreOrder } from "./orders/find-order.js";
export { orderView, documentView, auditView, type OrderView, type DocumentView } from "./orders/order-view.js";
export { reprocessOrder } from "./orders/reprocess-order.js";
export { changeDocumentType, type DocumentTypeChange } from "./orders/change-document-type.js";
export { creditWholeOrder } from "./orders/credit-whole-order.js";
export { listAudit, type AuditRow } from "./audit/list-audit.js";
export { listWarehouses } from "./stock/list-warehouses.js";
export { setStoreWarehouses } from "./stock/set-store-warehouses.js";
export { syncStatus, type SyncStatus, type SyncRunView } from "./sync/sync-status.js";
export { startStoreSync } from "./sync/start-store-sync.js";
export { reissueAsFactura } from "./orders/reissue-as-factura.js";
export { documentLabel, DOCUMENT_TITLES } from "../rules/dte/types.js";
export { auditSentence, auditActor } from "./audit/describe-audit.js";
export { day, dayTime } from "../rules/dates.js";
export { createWarehouse } from "./stock/create-warehouse.js";
export { merchantFields, merchantTitle, fieldLabel, type MerchantField } from "./merchant-problem.js";
export { runTransaction } from "./db/run-transaction.js";
export { validate } from "../validation.js";
export { listCouriers } from "./couriers/list-couriers.js";
export { saveCourier, updateCourier } from "./couriers/save-courier.js";
export { CourierInputSchema, CourierPatchSchema } from "./couriers/courier-input.js";
export type { CourierView } from "./couriers/courier-view.js";
export { listZones } from "./couriers/list-zones.js";
export { saveZone } from "./couriers/save-zone.js";
export { removeZone } from "./couriers/remove-zone.js";
export type { ZoneView } from "./couriers/zone-view.js";
export { ZoneInputSchema } from "../rules/couriers/zone-input.js";
export { issueLoginLink } from "./couriers/courier-sessions.js";
export { hubBaseUrl } from "./hub-address.js";
export { recordMovements } from "./stock/record-movements.js";
export { MovementInputSchema } from "../rules/stock/catalog-input.js";
export { stockHistory, type MovementView } from "./stock/stock-history.js";
export { setPrices } from "./catalog/set-prices.js";
export { listPriceLists, type PriceListView } from "./catalog/list-price-lists.js";
export { storeSyncView, setStoreSyncConfig } from "./stock/store-sync-config.js";
export { listProducts, type ProductRow } from "./catalog/list-products.js";
export { upsertProducts } from "./catalog/upsert-products.js";
export { ProductInputSchema } from "../rules/stock/catalog-input.js";
export { listShippingMethods, saveShippingMethod, ShippingMethodInputSchema } from "./couriers/shipping-methods.js";
export { listDeliveries, DeliveryFilterSchema } from "./couriers/list-deliveries.js";
export type { DeliveryView } from "./couriers/delivery-view.js";
export { reassignDelivery } from "./couriers/reassign-delivery.js";
export { shipWithCarrier } from "./couriers/ship-with-carrier.js";
export { failDelivery } from "./couriers/fail-delivery.js";
export { completeDelivery } from "./couriers/complete-delivery.js";
export { serviceDay } from "../rules/couriers/service-day.js";
export {
  getCourierSettings,
  setCourierSettings,
  CourierSettingsInputSchema,
  type CourierSettingsView,
} from "./couriers/courier-settings.js";
export { settlementReport, type SettlementReport } from "./couriers/settlement-report.js";
export { setCustomerCodes } from "./customers/set-customer-codes.js";
export { customerCodesView } from "./customers/customer-codes-view.js";
export { companyUsage, type CompanyUsage } from "./billing/company-usage.js";
export { ensureUsageSubscription } from "./billing/ensure-subscription.js";
export { usageSubscriptionState, type SubscriptionState } from "./billing/subscription-state.js";
export { monthOf } from "../rules/billing/month.js";
