/**
 * Every GraphQL Admin operation Timbre sends, named (the emulator recognises them by name, and a
 * log line shows which one was throttled). Pinned to SHOPIFY_API_VERSION.
 */
export const VARIANTS_PAGE = `query TimbreVariants($first: Int!, $after: String, $locationId: ID!) {
  productVariants(first: $first, after: $after) {
    nodes {
      id sku title displayName price inventoryQuantity
      product { id title hasOnlyDefaultVariant }
      inventoryItem { id tracked inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const VARIANT_ITEMS = `query TimbreVariantItems($ids: [ID!]!) {
  nodes(ids: $ids) { ... on ProductVariant { id inventoryItem { id } } }
}`;

export const INVENTORY_LEVELS = `query TimbreInventoryLevels($ids: [ID!]!, $locationId: ID!) {
  nodes(ids: $ids) { ... on InventoryItem { id inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } } } }
}`;

/** Absolute quantities with compare-and-set (changeFromQuantity, 2026-04+) and an idempotency key. */
export const SET_INVENTORY = `mutation TimbreSetInventory($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}`;

export const LOCATIONS = `query TimbreLocations {
  locations(first: 50) { nodes { id name isActive } }
}`;

const ORDER_FIELDS = `id legacyResourceId name test createdAt updatedAt cancelledAt displayFinancialStatus taxesIncluded currencyCode email
  customAttributes { key value }
  billingAddress { company name address1 city province }
  shippingAddress { name address1 address2 city province zip countryCodeV2 phone }
  customer { id email }
  lineItems(first: 250) { nodes { id sku name quantity currentQuantity taxable
    originalUnitPriceSet { shopMoney { amount currencyCode } }
    totalDiscountSet { shopMoney { amount currencyCode } } } }
  shippingLines(first: 5) { nodes { title discountedPriceSet { shopMoney { amount currencyCode } } taxLines { rate } } }
  refunds { id createdAt note refundLineItems(first: 250) { nodes { quantity lineItem { id } } } refundShippingLines(first: 5) { nodes { id } } }`;

export const ORDER = `query TimbreOrder($id: ID!) {
  order(id: $id) { ${ORDER_FIELDS} }
}`;

export const ORDERS_SINCE = `query TimbreOrdersSince($first: Int!, $after: String, $query: String!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes { ${ORDER_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Folio, type, SII state and PDF link as $app metafields, plus tags; tagsAdd never overwrites (orderUpdate would). */
export const WRITE_BACK = `mutation TimbreWriteBack($metafields: [MetafieldsSetInput!]!, $id: ID!, $tags: [String!]!) {
  metafieldsSet(metafields: $metafields) { metafields { key namespace } userErrors { field message code } }
  tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } }
}`;

export const FULFILLMENT_ORDERS = `query TimbreFulfillmentOrders($id: ID!) {
  order(id: $id) {
    id
    fulfillmentOrders(first: 20) { nodes { id status } }
    fulfillments(first: 20) { id status trackingInfo { company number url } }
  }
}`;

export const FULFILL = `mutation TimbreFulfill($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id status } userErrors { field message } }
}`;

export const TRACKING_UPDATE = `mutation TimbreTrackingUpdate($fulfillmentId: ID!, $trackingInfoInput: FulfillmentTrackingInput!) {
  fulfillmentTrackingInfoUpdate(fulfillmentId: $fulfillmentId, trackingInfoInput: $trackingInfoInput, notifyCustomer: false) {
    fulfillment { id } userErrors { field message }
  }
}`;

/** The initial catalogue read: one bulk operation instead of thousands of paged queries. */
export const BULK_CATALOG = `mutation TimbreBulkCatalog {
  bulkOperationRunQuery(query: """
    { productVariants { edges { node { id sku title price inventoryQuantity product { id title } inventoryItem { id } } } } }
  """) { bulkOperation { id status } userErrors { field message } }
}`;

export const BULK_STATUS = `query TimbreBulkStatus($id: ID!) {
  node(id: $id) { ... on BulkOperation { id status errorCode objectCount url } }
}`;

/** Usage pricing (issue 19): the subscription with a capped usage line, approved at confirmationUrl. */
export const SUBSCRIPTION_CREATE = `mutation TimbreSubscribe($name: String!, $returnUrl: URL!, $lineItems: [AppSubscriptionLineItemInput!]!, $test: Boolean) {
  appSubscriptionCreate(name: $name, returnUrl: $returnUrl, lineItems: $lineItems, test: $test) {
    appSubscription { id status lineItems { id plan { pricingDetails { __typename } } } }
    confirmationUrl
    userErrors { field message }
  }
}`;

export const SUBSCRIPTION_STATUS = `query TimbreSubscriptionStatus($id: ID!) {
  node(id: $id) { ... on AppSubscription { id status } }
}`;

/** One usage charge; the idempotency key makes a repeat return the record already made. */
export const USAGE_RECORD_CREATE = `mutation TimbreUsageRecord($subscriptionLineItemId: ID!, $price: MoneyInput!, $description: String!, $idempotencyKey: String!) {
  appUsageRecordCreate(subscriptionLineItemId: $subscriptionLineItemId, price: $price, description: $description, idempotencyKey: $idempotencyKey) {
    appUsageRecord { id }
    userErrors { field message }
  }
}`;
