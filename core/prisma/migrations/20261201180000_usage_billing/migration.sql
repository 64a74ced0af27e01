-- Usage pricing (issue 19): the orders ledger, daily UF values, monthly charges, Shopify subscriptions.
CREATE TABLE "UsageOrder" (
    "companyId" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "shopKey" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "storeId" UUID,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageOrder_pkey" PRIMARY KEY ("companyId", "platform", "shopKey", "externalId")
);
CREATE INDEX "UsageOrder_companyId_firstSeenAt_idx" ON "UsageOrder"("companyId", "firstSeenAt");

-- Orders already in the hub were first seen when their row was created.
INSERT INTO "UsageOrder" ("companyId", "platform", "shopKey", "externalId", "storeId", "firstSeenAt")
SELECT s."companyId", s.platform, COALESCE(s."shopDomain", s."shopId", s.id::text), o."externalId", s.id, o."createdAt"
FROM "Order" o JOIN "Store" s ON s.id = o."storeId"
ON CONFLICT DO NOTHING;

CREATE TABLE "UfValue" (
    "date" DATE NOT NULL,
    "valueCentavos" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UfValue_pkey" PRIMARY KEY ("date")
);

CREATE TABLE "BillingCharge" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "month" TEXT NOT NULL,
    "orders" INTEGER NOT NULL,
    "tierCode" TEXT NOT NULL,
    "ufHundredths" INTEGER NOT NULL,
    "ufWantedDate" DATE NOT NULL,
    "ufDate" DATE,
    "ufValueCentavos" INTEGER,
    "provisional" BOOLEAN NOT NULL DEFAULT false,
    "clpAmount" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "storeId" UUID,
    "idempotencyKey" TEXT NOT NULL,
    "usageRecordId" TEXT,
    "documentId" UUID,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "chargedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BillingCharge_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "BillingCharge_idempotencyKey_key" ON "BillingCharge"("idempotencyKey");
CREATE UNIQUE INDEX "BillingCharge_documentId_key" ON "BillingCharge"("documentId");
CREATE UNIQUE INDEX "BillingCharge_companyId_month_key" ON "BillingCharge"("companyId", "month");
CREATE INDEX "BillingCharge_state_idx" ON "BillingCharge"("state");
ALTER TABLE "BillingCharge" ADD CONSTRAINT "BillingCharge_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ShopifySubscription" (
    "storeId" UUID NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "confirmationUrl" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "cappedAmount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopifySubscription_pkey" PRIMARY KEY ("storeId")
);
