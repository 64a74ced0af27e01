import type { Prisma } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";
import { sealCredentials } from "../platforms/credential-codec.js";
import { requireConnector } from "../platforms/registry.js";
import type { Encryptor } from "../secrets/encryptor.js";
import { createStore } from "./create-store.js";
import { newApiKey, newStoreSecret } from "./store-keys.js";

export interface ConnectPluginStoreInput {
  platform: string;
  shopDomain: string;
  name: string;
  /** The platform's secrets (e.g. WooCommerce REST keys the plugin created), encrypted. */
  credentials: unknown;
  /** Merged into the connector's own settings (`Store.settings[<platform>]`). */
  platformSettings?: Record<string, unknown>;
  actor: string;
}

export interface ConnectedPluginStore {
  storeId: string;
  companyId: string;
  created: boolean;
  /** The sync-API key and secret the plugin signs with; shown once, as at `timbre store create`. */
  apiKey: string;
  secret: string;
}

/**
 * "Connect" from a plugin (WooCommerce's "Conectar con Timbre"): the shop becomes a store of the
 * hub's company, with the platform keys the plugin handed over, and gets a fresh sync-API key and
 * secret. Connecting again (keys lost, plugin reinstalled) keeps the store and its orders and
 * replaces both sets of keys, so the old ones stop working.
 */
export async function connectPluginStore(
  db: Db,
  encryptor: Encryptor,
  companyId: string,
  input: ConnectPluginStoreInput,
): Promise<ConnectedPluginStore> {
  const connector = requireConnector(input.platform);
  const existing = await db.store.findUnique({
    where: { platform_shopDomain: { platform: input.platform, shopDomain: input.shopDomain } },
  });
  if (!existing) {
    const created = await createStore(db, encryptor, {
      companyId,
      platform: input.platform,
      name: input.name,
      shopDomain: input.shopDomain,
      credentials: input.credentials,
      ...(input.platformSettings ? { platformSettings: input.platformSettings } : {}),
      actor: input.actor,
    });
    return { storeId: created.id, companyId, created: true, apiKey: created.apiKey, secret: created.secret };
  }
  if (existing.companyId !== companyId) {
    throw new TimbreError(
      "store.other_company",
      {
        es: "Esta tienda ya está conectada a otra empresa en Timbre.",
        en: "This shop is already connected to another company.",
      },
      { kind: "conflict", detail: `store ${existing.id} belongs to company ${existing.companyId}` },
    );
  }
  const key = newApiKey();
  const secret = newStoreSecret();
  await db.$transaction(async (tx) => {
    // Read again under the transaction: only this connector's keys change, others' writes stay.
    const fresh = await tx.store.findUniqueOrThrow({ where: { id: existing.id } });
    const all = (fresh.settings ?? {}) as Record<string, Prisma.InputJsonValue>;
    const mine = (all[connector.id] ?? {}) as Record<string, Prisma.InputJsonValue>;
    await tx.store.update({
      where: { id: existing.id },
      data: {
        apiKeyHash: key.hash,
        apiKeyPrefix: key.prefix,
        secret: encryptor.encrypt(secret, "store.secret"),
        credentials: sealCredentials(encryptor, connector, input.credentials),
        settings: { ...all, [connector.id]: { ...mine, ...(input.platformSettings ?? {}) } as Prisma.InputJsonObject },
      },
    });
    await recordAudit(tx, {
      companyId,
      storeId: existing.id,
      subjectType: "store",
      subjectId: existing.id,
      action: "store.reconnected",
      actor: input.actor,
      data: { platform: input.platform, shopDomain: input.shopDomain },
    });
  });
  return { storeId: existing.id, companyId, created: false, apiKey: key.apiKey, secret };
}
