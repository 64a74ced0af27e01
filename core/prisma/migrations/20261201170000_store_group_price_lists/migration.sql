-- A store's customer groups (Magento customer groups) each priced by a hub price list.
CREATE TABLE "StoreGroupPriceList" (
    "storeId" UUID NOT NULL,
    "groupCode" TEXT NOT NULL,
    "priceListId" UUID NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoreGroupPriceList_pkey" PRIMARY KEY ("storeId", "groupCode")
);
CREATE INDEX "StoreGroupPriceList_priceListId_idx" ON "StoreGroupPriceList"("priceListId");
ALTER TABLE "StoreGroupPriceList" ADD CONSTRAINT "StoreGroupPriceList_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "StoreGroupPriceList" ADD CONSTRAINT "StoreGroupPriceList_priceListId_fkey" FOREIGN KEY ("priceListId") REFERENCES "PriceList"("id") ON DELETE CASCADE ON UPDATE CASCADE;
