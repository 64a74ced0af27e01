import type { Prisma } from "@prisma/client";
import { z } from "zod";
import type { Tx } from "../../db/run-transaction.js";
import type { Db } from "../../db/prisma-client.js";

/**
 * What the kit keeps about a store of any platform, in `Store.settings._platform` (a key no
 * connector can have: ids have no underscore): when it was installed and uninstalled, its sweep's
 * cursor and last run, and the problems the merchant must see. Nothing secret.
 */
export const KIT_KEY = "_platform";

export const KitProblemSchema = z.object({
  code: z.string(),
  message: z.string(),
  orderExternalId: z.string().optional(),
  detail: z.string().optional(),
  at: z.string(),
});
export type KitProblem = z.output<typeof KitProblemSchema>;

export const KitStateSchema = z.object({
  installedAt: z.string().optional(),
  uninstalledAt: z.string().optional(),
  uninstallReason: z.string().optional(),
  sweep: z
    .object({
      cursor: z.string().nullable().default(null),
      lastRunAt: z.string().optional(),
      lastError: z.string().nullable().default(null),
    })
    .default({ cursor: null, lastError: null }),
  problems: z.array(KitProblemSchema).default([]),
});
export type KitState = z.output<typeof KitStateSchema>;

/** Most open problems kept per store (newest first); older ones are dropped. */
export const MAX_PROBLEMS = 50;

export type JsonObject = Record<string, unknown>;

export function settingsObject(settings: Prisma.JsonValue | null | undefined): JsonObject {
  return settings && typeof settings === "object" && !Array.isArray(settings) ? (settings as JsonObject) : {};
}

export function readKitState(settings: Prisma.JsonValue | null | undefined): KitState {
  const parsed = KitStateSchema.safeParse(settingsObject(settings)[KIT_KEY] ?? {});
  return parsed.success ? parsed.data : KitStateSchema.parse({});
}

/**
 * The one locked read-modify-write of Store.settings: the row is locked, `change` gets the whole
 * settings object and returns the new one, which is written in the same transaction. Every writer
 * (connector settings, kit state, core settings) goes through a lock on the row, so none drops
 * another's keys.
 */
export async function updateStoreSettingsLocked<T>(
  db: Db | Tx,
  storeId: string,
  change: (all: JsonObject, tx: Tx) => { next: JsonObject; result: T } | Promise<{ next: JsonObject; result: T }>,
  extra: (tx: Tx) => Prisma.StoreUpdateInput = () => ({}),
): Promise<T> {
  const run = async (tx: Tx) => {
    const rows = await tx.$queryRaw<Array<{ settings: Prisma.JsonValue }>>`
      SELECT settings FROM "Store" WHERE id = ${storeId}::uuid FOR UPDATE`;
    const row = rows[0];
    if (!row) throw new Error(`store ${storeId} does not exist`);
    const { next, result } = await change(settingsObject(row.settings), tx);
    await tx.store.update({
      where: { id: storeId },
      data: { settings: next as Prisma.InputJsonObject, ...extra(tx) },
    });
    return result;
  };
  return "$transaction" in db ? (db as Db).$transaction(run, { timeout: 30_000 }) : run(db as Tx);
}

export async function updateKitState(
  db: Db | Tx,
  storeId: string,
  change: (s: KitState) => Partial<KitState>,
): Promise<KitState> {
  return updateStoreSettingsLocked(db, storeId, (all) => {
    const current = readKitState(all as Prisma.JsonValue);
    const next = { ...current, ...change(current) };
    return { next: { ...all, [KIT_KEY]: next }, result: next };
  });
}
