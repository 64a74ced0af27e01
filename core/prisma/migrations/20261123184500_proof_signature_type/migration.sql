-- AlterTable
ALTER TABLE "DeliveryProof" ADD COLUMN     "signatureType" TEXT;

-- Proofs stored before the column: every signature the hub accepted is a PNG.
UPDATE "DeliveryProof" SET "signatureType" = 'image/png' WHERE "signature" IS NOT NULL;
