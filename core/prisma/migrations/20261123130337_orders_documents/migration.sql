-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('pending', 'paid', 'cancelled', 'refunded', 'partially_refunded');

-- CreateEnum
CREATE TYPE "DocumentKind" AS ENUM ('sale', 'credit_note');

-- CreateEnum
CREATE TYPE "DocumentState" AS ENUM ('issued', 'sent', 'accepted', 'accepted_with_objections', 'rejected');

-- AlterTable
ALTER TABLE "Caf" ADD COLUMN     "expiresAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "InboxEvent" (
    "id" BIGSERIAL NOT NULL,
    "platform" "Platform" NOT NULL,
    "shop" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "InboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Order" (
    "id" UUID NOT NULL,
    "storeId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "number" TEXT,
    "status" "OrderStatus" NOT NULL,
    "externalUpdatedAt" TIMESTAMP(3) NOT NULL,
    "pricesIncludeTax" BOOLEAN NOT NULL DEFAULT true,
    "buyer" JSONB NOT NULL DEFAULT '{}',
    "lines" JSONB NOT NULL DEFAULT '[]',
    "shipping" JSONB,
    "pendingReasons" JSONB NOT NULL DEFAULT '[]',
    "documentOverride" TEXT,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "storeId" UUID,
    "orderId" UUID,
    "idempotencyKey" TEXT NOT NULL,
    "kind" "DocumentKind" NOT NULL,
    "type" INTEGER NOT NULL,
    "folio" INTEGER NOT NULL,
    "cafId" UUID NOT NULL,
    "issueDate" DATE NOT NULL,
    "receiverRut" TEXT NOT NULL,
    "receiver" JSONB NOT NULL DEFAULT '{}',
    "netAmount" INTEGER NOT NULL,
    "exemptAmount" INTEGER NOT NULL,
    "ivaAmount" INTEGER NOT NULL,
    "totalAmount" INTEGER NOT NULL,
    "xml" TEXT NOT NULL,
    "state" "DocumentState" NOT NULL DEFAULT 'issued',
    "envelopeId" UUID,
    "siiResult" JSONB,
    "referencesId" UUID,
    "refundId" UUID,
    "emailedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Envelope" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "xml" TEXT NOT NULL,
    "trackId" TEXT,
    "siiState" TEXT,
    "siiDetail" JSONB,
    "sentAt" TIMESTAMP(3),
    "finalAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Envelope_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Refund" (
    "id" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "lines" JSONB NOT NULL DEFAULT '[]',
    "shipping" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Refund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FolioVoid" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "documentType" INTEGER NOT NULL,
    "folio" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "reportedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FolioVoid_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InboxEvent_platform_shop_eventId_key" ON "InboxEvent"("platform", "shop", "eventId");

-- CreateIndex
CREATE INDEX "Order_storeId_status_idx" ON "Order"("storeId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Order_storeId_externalId_key" ON "Order"("storeId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Document_idempotencyKey_key" ON "Document"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Document_refundId_key" ON "Document"("refundId");

-- CreateIndex
CREATE INDEX "Document_companyId_state_idx" ON "Document"("companyId", "state");

-- CreateIndex
CREATE INDEX "Document_orderId_idx" ON "Document"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "Document_companyId_type_folio_key" ON "Document"("companyId", "type", "folio");

-- CreateIndex
CREATE INDEX "Envelope_companyId_channel_finalAt_idx" ON "Envelope"("companyId", "channel", "finalAt");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_orderId_externalId_key" ON "Refund"("orderId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "FolioVoid_companyId_documentType_folio_key" ON "FolioVoid"("companyId", "documentType", "folio");

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_cafId_fkey" FOREIGN KEY ("cafId") REFERENCES "Caf"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_envelopeId_fkey" FOREIGN KEY ("envelopeId") REFERENCES "Envelope"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_referencesId_fkey" FOREIGN KEY ("referencesId") REFERENCES "Document"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_refundId_fkey" FOREIGN KEY ("refundId") REFERENCES "Refund"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Envelope" ADD CONSTRAINT "Envelope_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FolioVoid" ADD CONSTRAINT "FolioVoid_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

