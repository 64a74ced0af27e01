import type { Prisma } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import { sealCredentials } from "../platforms/credential-codec.js";
import { requireConnector } from "../platforms/registry.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import type { Encryptor } from "../secrets/encryptor.js";
import { newApiKey, newStoreSecret } from "./store-keys.js";

export interface CreateStoreInput {
  companyId: string;
  /** A registered connector's id (the registry refuses unknown platforms). */
  platform: string;
  name: string;
  shopId?: string;
  shopDomain?: string;
  settings?: Prisma.InputJsonObject;
  /** The platform's secrets, checked against its connector's `credentials` schema and encrypted. */
  credentials?: unknown;
  /** The connector's own settings (`Store.settings[<platform>]`). */
  platformSettings?: Record<string, unknown>;
  actor: string;
}

export interface CreatedStore {
  id: string;
  platform: string;
  name: string;
  shopDomain: string | null;
  /** Shown once: only its hash is kept. */
  apiKey: string;
  /** Shown once here; kept encrypted to verify X-Timbre-Signature. */
  secret: string;
}

export async function createStore(db: Db, encryptor: Encryptor, input: CreateStoreInput): Promise<CreatedStore> {
  const connector = requireConnector(input.platform);
  const credentials = input.credentials === undefined ? null : sealCredentials(encryptor, connector, input.credentials);
  const settings: Prisma.InputJsonObject = {
    // The platform's defaults for core settings (Mercado Libre e-mails the buyer itself: emailBuyer off).
    ...(connector.storeDefaults as Prisma.InputJsonObject | undefined),
    ...input.settings,
    ...(input.platformSettings ? { [connector.id]: input.platformSettings as Prisma.InputJsonObject } : {}),
  };
  const key = newApiKey();
  const secret = newStoreSecret();
  try {
    return await db.$transaction(async (tx) => {
      const store = await tx.store.create({
        data: {
          companyId: input.companyId,
          platform: input.platform,
          name: input.name,
          shopId: input.shopId ?? null,
          shopDomain: input.shopDomain ?? null,
          apiKeyHash: key.hash,
          apiKeyPrefix: key.prefix,
          secret: encryptor.encrypt(secret, "store.secret"),
          credentials,
          settings,
        },
      });
      await recordAudit(tx, {
        companyId: input.companyId,
        storeId: store.id,
        subjectType: "store",
        subjectId: store.id,
        action: "store.created",
        actor: input.actor,
        data: { platform: input.platform, name: input.name, shopDomain: input.shopDomain ?? null },
      });
      return {
        id: store.id,
        platform: store.platform,
        name: store.name,
        shopDomain: store.shopDomain,
        apiKey: key.apiKey,
        secret,
      };
    });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") {
      throw new TimbreError(
        "store.duplicate",
        {
          es: `Ya existe una tienda ${input.platform} con el dominio ${input.shopDomain ?? ""}.`,
          en: `A ${input.platform} store with domain ${input.shopDomain ?? ""} already exists.`,
        },
        { kind: "conflict", fields: [{ field: "shopDomain", message: "already registered" }] },
      );
    }
    throw e;
  }
}
