-- What a store's platform answered when a document was written back to it (e.g. Mercado Libre's
-- fiscal document ids), so the upload happens once and its ids are kept.
ALTER TABLE "Document" ADD COLUMN "writeBack" JSONB;
