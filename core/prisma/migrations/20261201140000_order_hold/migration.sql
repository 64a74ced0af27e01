-- An order the platform holds for review (payment review, suspected fraud, on hold): nothing is issued meanwhile.
ALTER TABLE "Order" ADD COLUMN "hold" TEXT;
