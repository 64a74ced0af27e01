-- The SII office printed under the folio box, and whether facturas print their CEDIBLE copy.
ALTER TABLE "Company" ADD COLUMN "siiOffice" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Company" ADD COLUMN "printCedible" BOOLEAN NOT NULL DEFAULT false;
