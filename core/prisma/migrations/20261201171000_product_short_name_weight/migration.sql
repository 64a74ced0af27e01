-- What a web shop publishes beside the document name: a short online name and the shipping weight.
ALTER TABLE "Product" ADD COLUMN "shortName" TEXT;
ALTER TABLE "ProductVariant" ADD COLUMN "weightGrams" INTEGER;
