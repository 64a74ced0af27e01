import { z } from "zod";
import { TimbreError } from "../../errors.js";
import { fieldIssues } from "../../validation.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Db } from "../db/prisma-client.js";

const Prefix = z
  .string()
  .trim()
  .min(1)
  .max(10)
  .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, '_' or '-'");

export const CustomerCodesSchema = z
  .object({ guestPrefix: Prefix.optional(), accountPrefix: Prefix.optional() })
  .refine((p) => p.guestPrefix === undefined || p.guestPrefix !== p.accountPrefix, {
    message: "guests need a prefix of their own",
    path: ["guestPrefix"],
  });

/** Prefixes of new customer codes: account holders and guests never share one. */
export async function setCustomerCodes(
  db: Db,
  companyId: string,
  patch: z.input<typeof CustomerCodesSchema>,
  actor: string,
): Promise<{ guestPrefix: string; accountPrefix: string; nextNumber: number }> {
  const parsed = CustomerCodesSchema.safeParse(patch);
  if (!parsed.success) {
    const fields = fieldIssues(parsed.error);
    throw new TimbreError(
      "customer.codes_invalid",
      {
        es: `Prefijos inválidos: ${fields.map((f) => f.field).join(", ")}.`,
        en: `Invalid prefixes: ${fields.map((f) => f.field).join(", ")}.`,
      },
      { fields },
    );
  }
  const current = await db.customerSettings.findUnique({ where: { companyId } });
  const guestCodePrefix = parsed.data.guestPrefix ?? current?.guestCodePrefix ?? "INV-";
  const customerCodePrefix = parsed.data.accountPrefix ?? current?.customerCodePrefix ?? "C-";
  if (guestCodePrefix === customerCodePrefix) {
    throw new TimbreError(
      "customer.codes_invalid",
      { es: "Los invitados necesitan un prefijo propio.", en: "Guests need a prefix of their own." },
      { fields: [{ field: "guestPrefix", message: "same as the account prefix" }] },
    );
  }
  const data = { guestCodePrefix, customerCodePrefix };
  const s = await db.customerSettings.upsert({ where: { companyId }, create: { companyId, ...data }, update: data });
  await recordAudit(db, {
    companyId,
    subjectType: "company",
    subjectId: companyId,
    action: "customer.codes_set",
    actor,
    data,
  });
  return { guestPrefix: s.guestCodePrefix, accountPrefix: s.customerCodePrefix, nextNumber: s.nextNumber };
}
