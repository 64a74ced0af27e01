-- The buyer of an order as a hub customer (guests under their own code).
ALTER TABLE "Order" ADD COLUMN "customerId" UUID;
ALTER TABLE "Order" ADD CONSTRAINT "Order_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "Order_customerId_idx" ON "Order"("customerId");
