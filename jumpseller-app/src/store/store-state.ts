import type { Prisma, Store } from "@prisma/client";
import { z } from "zod";
import type { Db, Encryptor } from "@timbre/core/hub";

/** Secrets of one installed store, sealed in Store.credentials (purpose "store.credentials"). */
export const CredentialsSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Epoch ms when the access token stops working. */
  expiresAt: z.number(),
  /** Signs hooks (GET /store/info.json → hooks_token); not the API token, not the app secret. */
  hooksToken: z.string().min(1),
  scope: z.string().default(""),
});
export type Credentials = z.output<typeof CredentialsSchema>;

/** Our four checkout fields, remembered by id: merchants rename labels. */
export const FIELD_KEYS = ["documentType", "rut", "businessName", "activity"] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

/** What the app keeps about a store in Store.settings.jumpseller (nothing secret). */
export const JumpsellerSettingsSchema = z.object({
  installed: z.boolean().default(false),
  installedAt: z.string().optional(),
  uninstalledAt: z.string().optional(),
  storeName: z.string().optional(),
  fieldIds: z
    .object({
      documentType: z.number().optional(),
      rut: z.number().optional(),
      businessName: z.number().optional(),
      activity: z.number().optional(),
    })
    .default({}),
  /** Hook id per event, as registered by us. */
  hookIds: z.record(z.string(), z.number()).default({}),
  hooksRenewedAt: z.string().optional(),
  locationId: z.string().optional(),
  /** Highest order id the sweep has seen (GET /orders/after/{id}). */
  orderCursor: z.number().default(0),
  lastSweepAt: z.string().optional(),
  lastHookAt: z.string().optional(),
  problems: z.array(z.object({ at: z.string(), message: z.string() })).default([]),
});
export type JumpsellerSettings = z.output<typeof JumpsellerSettingsSchema>;

export function readSettings(store: Pick<Store, "settings">): JumpsellerSettings {
  const raw = (store.settings as Record<string, unknown> | null)?.jumpseller ?? {};
  const parsed = JumpsellerSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : JumpsellerSettingsSchema.parse({});
}

/**
 * Read-modify-write of the settings under the row's lock, so the sweep, hook jobs and an install
 * racing each other never drop one another's changes.
 */
export async function updateSettings(
  db: Db,
  storeId: string,
  change: (s: JumpsellerSettings) => Partial<JumpsellerSettings>,
  extra: { credentials?: string | null } = {},
): Promise<JumpsellerSettings> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Store" WHERE id = ${storeId}::uuid FOR UPDATE`;
    const store = await tx.store.findUniqueOrThrow({ where: { id: storeId } });
    const current = readSettings(store);
    const next = { ...current, ...change(current) };
    const settings = {
      ...((store.settings as Record<string, unknown> | null) ?? {}),
      jumpseller: next,
    } as Prisma.InputJsonObject;
    await tx.store.update({
      where: { id: storeId },
      data: { settings, ...(extra.credentials !== undefined ? { credentials: extra.credentials } : {}) },
    });
    return next;
  });
}

export function sealCredentials(encryptor: Encryptor, c: Credentials): string {
  return encryptor.encrypt(JSON.stringify(c), "store.credentials");
}

export function openCredentials(encryptor: Encryptor, store: Pick<Store, "credentials">): Credentials | undefined {
  if (!store.credentials) return undefined;
  return CredentialsSchema.parse(JSON.parse(encryptor.decryptText(store.credentials, "store.credentials")));
}
