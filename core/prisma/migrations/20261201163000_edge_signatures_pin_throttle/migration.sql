-- Stores may still send the body-only signature until they turn it off (deprecation window).
ALTER TABLE "Store" ADD COLUMN "legacySignatures" BOOLEAN NOT NULL DEFAULT true;

-- Wrong courier PINs per client address.
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);
