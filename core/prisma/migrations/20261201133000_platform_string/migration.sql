-- A store's platform is a connector id from the registry (core/src/hub/platforms), not a database
-- enum: adding a platform never needs a migration. Existing values are kept as they are.
ALTER TABLE "Store" ALTER COLUMN "platform" TYPE TEXT USING "platform"::text;
ALTER TABLE "InboxEvent" ALTER COLUMN "platform" TYPE TEXT USING "platform"::text;
DROP TYPE "Platform";

-- What the registry accepts (registry.ts PLATFORM_ID), the registry itself is checked at store creation.
ALTER TABLE "Store" ADD CONSTRAINT "Store_platform_id" CHECK ("platform" ~ '^[a-z][a-z0-9]{1,29}$');
