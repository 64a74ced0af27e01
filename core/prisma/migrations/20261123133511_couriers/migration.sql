-- CreateEnum
CREATE TYPE "CourierAssignmentRule" AS ENUM ('round_robin', 'least_loaded', 'priority');

-- CreateEnum
CREATE TYPE "DeliveryMode" AS ENUM ('own_courier', 'carrier', 'pickup');

-- CreateEnum
CREATE TYPE "DeliveryState" AS ENUM ('pending', 'assigned', 'picked_up', 'delivered', 'failed');

-- CreateTable
CREATE TABLE "CourierSettings" (
    "companyId" UUID NOT NULL,
    "assignmentRule" "CourierAssignmentRule" NOT NULL DEFAULT 'round_robin',
    "proofRequirements" JSONB NOT NULL DEFAULT '{"photo": true, "receiverName": true, "signature": false, "notes": false}',
    "carrierName" TEXT NOT NULL DEFAULT 'Reparto propio',
    "webhookUrl" TEXT,
    "webhookSecret" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CourierSettings_pkey" PRIMARY KEY ("companyId")
);

-- CreateTable
CREATE TABLE "DeliveryZone" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "regions" TEXT[],
    "comunas" TEXT[],
    "postalPrefixes" TEXT[],
    "rate" JSONB NOT NULL,
    "commission" JSONB NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeliveryZone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Courier" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "capacityPerDay" INTEGER NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 100,
    "lastAssignedAt" TIMESTAMP(3),
    "pinHash" TEXT,
    "pinFailures" INTEGER NOT NULL DEFAULT 0,
    "pinLockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Courier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CourierZone" (
    "courierId" UUID NOT NULL,
    "zoneId" UUID NOT NULL,

    CONSTRAINT "CourierZone_pkey" PRIMARY KEY ("courierId","zoneId")
);

-- CreateTable
CREATE TABLE "CourierDayLoad" (
    "courierId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CourierDayLoad_pkey" PRIMARY KEY ("courierId","day")
);

-- CreateTable
CREATE TABLE "CourierLoginToken" (
    "id" UUID NOT NULL,
    "courierId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CourierLoginToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CourierSession" (
    "id" UUID NOT NULL,
    "courierId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CourierSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "storeId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "mode" "DeliveryMode" NOT NULL,
    "state" "DeliveryState" NOT NULL DEFAULT 'pending',
    "pendingReason" JSONB,
    "zoneId" UUID,
    "courierId" UUID,
    "serviceDay" DATE NOT NULL,
    "recipient" JSONB NOT NULL,
    "comunaCode" TEXT,
    "carrier" TEXT,
    "trackingNumber" TEXT,
    "weightGrams" INTEGER,
    "goodsTotal" INTEGER NOT NULL,
    "listFee" INTEGER,
    "fee" INTEGER,
    "commission" INTEGER,
    "feeIssue" TEXT,
    "requirements" JSONB NOT NULL,
    "failureReason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "assignedAt" TIMESTAMP(3),
    "pickedUpAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliveryProof" (
    "deliveryId" UUID NOT NULL,
    "clientId" TEXT NOT NULL,
    "photo" BYTEA,
    "photoType" TEXT,
    "signature" BYTEA,
    "receiverName" TEXT,
    "notes" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "accuracyMeters" DOUBLE PRECISION,
    "capturedAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeliveryProof_pkey" PRIMARY KEY ("deliveryId")
);

-- CreateTable
CREATE TABLE "ShippingMethodMapping" (
    "id" UUID NOT NULL,
    "storeId" UUID NOT NULL,
    "method" TEXT NOT NULL,
    "mode" "DeliveryMode" NOT NULL,
    "carrier" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShippingMethodMapping_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DeliveryZone_companyId_name_key" ON "DeliveryZone"("companyId", "name");

-- CreateIndex
CREATE INDEX "Courier_companyId_active_idx" ON "Courier"("companyId", "active");

-- CreateIndex
CREATE UNIQUE INDEX "Courier_companyId_phone_key" ON "Courier"("companyId", "phone");

-- CreateIndex
CREATE INDEX "CourierZone_zoneId_idx" ON "CourierZone"("zoneId");

-- CreateIndex
CREATE UNIQUE INDEX "CourierLoginToken_tokenHash_key" ON "CourierLoginToken"("tokenHash");

-- CreateIndex
CREATE INDEX "CourierLoginToken_courierId_idx" ON "CourierLoginToken"("courierId");

-- CreateIndex
CREATE UNIQUE INDEX "CourierSession_tokenHash_key" ON "CourierSession"("tokenHash");

-- CreateIndex
CREATE INDEX "CourierSession_courierId_idx" ON "CourierSession"("courierId");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_orderId_key" ON "Delivery"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_code_key" ON "Delivery"("code");

-- CreateIndex
CREATE INDEX "Delivery_courierId_serviceDay_idx" ON "Delivery"("courierId", "serviceDay");

-- CreateIndex
CREATE INDEX "Delivery_companyId_state_idx" ON "Delivery"("companyId", "state");

-- CreateIndex
CREATE INDEX "Delivery_companyId_deliveredAt_idx" ON "Delivery"("companyId", "deliveredAt");

-- CreateIndex
CREATE UNIQUE INDEX "ShippingMethodMapping_storeId_method_key" ON "ShippingMethodMapping"("storeId", "method");

-- AddForeignKey
ALTER TABLE "CourierSettings" ADD CONSTRAINT "CourierSettings_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryZone" ADD CONSTRAINT "DeliveryZone_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Courier" ADD CONSTRAINT "Courier_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourierZone" ADD CONSTRAINT "CourierZone_courierId_fkey" FOREIGN KEY ("courierId") REFERENCES "Courier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourierZone" ADD CONSTRAINT "CourierZone_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "DeliveryZone"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourierDayLoad" ADD CONSTRAINT "CourierDayLoad_courierId_fkey" FOREIGN KEY ("courierId") REFERENCES "Courier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourierLoginToken" ADD CONSTRAINT "CourierLoginToken_courierId_fkey" FOREIGN KEY ("courierId") REFERENCES "Courier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourierSession" ADD CONSTRAINT "CourierSession_courierId_fkey" FOREIGN KEY ("courierId") REFERENCES "Courier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "DeliveryZone"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_courierId_fkey" FOREIGN KEY ("courierId") REFERENCES "Courier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryProof" ADD CONSTRAINT "DeliveryProof_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShippingMethodMapping" ADD CONSTRAINT "ShippingMethodMapping_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Written by hand: what the Prisma schema cannot say.
-- A courier takes at least one delivery a day, and a day's load is never negative.
ALTER TABLE "Courier" ADD CONSTRAINT "Courier_capacityPerDay_check" CHECK ("capacityPerDay" >= 1);
ALTER TABLE "CourierDayLoad" ADD CONSTRAINT "CourierDayLoad_count_check" CHECK ("count" >= 0);
