import { randomBytes } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { ASSIGNMENT_RULES, type AssignmentRule } from "../../rules/couriers/assignment.js";
import {
  DEFAULT_PROOF_REQUIREMENTS,
  ProofRequirementsSchema,
  type ProofRequirements,
} from "../../rules/couriers/proof.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Encryptor } from "../secrets/encryptor.js";

export interface CourierSettingsView {
  assignmentRule: AssignmentRule;
  proofRequirements: ProofRequirements;
  carrierName: string;
  webhookUrl: string | null;
}

export const CourierSettingsInputSchema = z.object({
  assignmentRule: z.enum(ASSIGNMENT_RULES).optional(),
  proofRequirements: ProofRequirementsSchema.partial().optional(),
  carrierName: z.string().trim().min(1).max(60).optional(),
  /** Null removes the webhook. */
  webhookUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable()
    .optional(),
});

export type CourierSettingsInput = z.output<typeof CourierSettingsInputSchema>;

const DEFAULTS: CourierSettingsView = {
  assignmentRule: "round_robin",
  proofRequirements: DEFAULT_PROOF_REQUIREMENTS,
  carrierName: "Reparto propio",
  webhookUrl: null,
};

export async function getCourierSettings(
  db: Prisma.TransactionClient,
  companyId: string,
): Promise<CourierSettingsView> {
  const row = await db.courierSettings.findUnique({ where: { companyId } });
  if (!row) return DEFAULTS;
  const req = ProofRequirementsSchema.safeParse(row.proofRequirements);
  return {
    assignmentRule: row.assignmentRule,
    proofRequirements: req.success ? req.data : DEFAULT_PROOF_REQUIREMENTS,
    carrierName: row.carrierName,
    webhookUrl: row.webhookUrl,
  };
}

/** The webhook's signing secret, decrypted, when one is set. */
export async function courierWebhookTarget(
  db: Prisma.TransactionClient,
  encryptor: Encryptor,
  companyId: string,
): Promise<{ url: string; secret: string } | undefined> {
  const row = await db.courierSettings.findUnique({
    where: { companyId },
    select: { webhookUrl: true, webhookSecret: true },
  });
  if (!row?.webhookUrl || !row.webhookSecret) return undefined;
  return { url: row.webhookUrl, secret: encryptor.decryptText(row.webhookSecret, "courier.webhook") };
}

/**
 * Changes the company's courier settings. Setting a webhook URL for the first time creates its
 * signing secret, returned here once.
 */
export async function setCourierSettings(
  db: Prisma.TransactionClient,
  encryptor: Encryptor,
  companyId: string,
  input: CourierSettingsInput,
  actor: string,
): Promise<{ settings: CourierSettingsView; webhookSecret?: string }> {
  const current = await getCourierSettings(db, companyId);
  const existing = await db.courierSettings.findUnique({ where: { companyId }, select: { webhookSecret: true } });
  const proofRequirements = { ...current.proofRequirements, ...input.proofRequirements };
  let webhookSecret: string | undefined;
  let storedSecret = existing?.webhookSecret ?? null;
  if (input.webhookUrl === null) storedSecret = null;
  else if (input.webhookUrl && !storedSecret) {
    webhookSecret = randomBytes(24).toString("base64url");
    storedSecret = encryptor.encrypt(webhookSecret, "courier.webhook");
  }
  const data = {
    assignmentRule: input.assignmentRule ?? current.assignmentRule,
    proofRequirements,
    carrierName: input.carrierName ?? current.carrierName,
    webhookUrl: input.webhookUrl === undefined ? current.webhookUrl : input.webhookUrl,
    webhookSecret: storedSecret,
  };
  await db.courierSettings.upsert({ where: { companyId }, create: { companyId, ...data }, update: data });
  await recordAudit(db, {
    companyId,
    subjectType: "company",
    subjectId: companyId,
    action: "courier.settings_changed",
    actor,
    data: {
      assignmentRule: data.assignmentRule,
      proofRequirements,
      carrierName: data.carrierName,
      webhookUrl: data.webhookUrl,
    },
  });
  return { settings: { ...data, webhookUrl: data.webhookUrl }, ...(webhookSecret ? { webhookSecret } : {}) };
}
