import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { TimbreError } from "../../errors.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";

/**
 * The store settings a merchant edits: when to issue (`issueOn`, read by order processing), the
 * document when the buyer chose none (`defaultDocument`), and whether buyers get the document by
 * e-mail. Kept at the top level of Store.settings; platform parts keep their own keys beside them.
 */
export const StoreSettingsSchema = z.object({
  issueOn: z.enum(["payment", "delivery"]).default("payment"),
  defaultDocument: z.enum(["boleta", "factura"]).default("boleta"),
  emailBuyer: z.boolean().default(true),
  /** How long a placed but unpaid order holds its stock (rules/stock/reservation-policy.ts); 0: it does not. */
  unpaidHoldHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .default(48),
});

export type StoreSettings = z.output<typeof StoreSettingsSchema>;

export function readStoreSettings(settings: Prisma.JsonValue | null | undefined): StoreSettings {
  const all = settings && typeof settings === "object" && !Array.isArray(settings) ? settings : {};
  const parsed = StoreSettingsSchema.safeParse(all);
  return parsed.success ? parsed.data : StoreSettingsSchema.parse({});
}

/** Merges the patch into the store's settings under a row lock (other keys are kept) and audits it. */
export async function updateStoreSettings(
  db: Db,
  storeId: string,
  patch: Partial<z.input<typeof StoreSettingsSchema>>,
  actor: string,
): Promise<StoreSettings> {
  const parsed = StoreSettingsSchema.partial().safeParse(patch);
  if (!parsed.success) {
    throw new TimbreError(
      "store.settings_invalid",
      { es: "Ajustes inválidos.", en: "Invalid settings." },
      { fields: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })) },
    );
  }
  const clean = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Store" WHERE id = ${storeId}::uuid FOR UPDATE`;
    const store = await tx.store.findUniqueOrThrow({ where: { id: storeId } });
    const all = (
      store.settings && typeof store.settings === "object" && !Array.isArray(store.settings) ? store.settings : {}
    ) as Record<string, unknown>;
    const next = { ...all, ...clean };
    await tx.store.update({ where: { id: storeId }, data: { settings: next as Prisma.InputJsonObject } });
    await recordAudit(tx, {
      companyId: store.companyId,
      storeId,
      subjectType: "store",
      subjectId: storeId,
      action: "store.settings_changed",
      actor,
      data: clean as Prisma.InputJsonObject,
    });
    return readStoreSettings(next as Prisma.JsonValue);
  });
}
