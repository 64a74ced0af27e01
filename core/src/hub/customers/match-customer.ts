import type { Customer } from "@prisma/client";
import { z } from "zod";
import { isValidRut, normalizeRut } from "../../rules/rut.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Tx } from "../db/run-transaction.js";

const AddressSchema = z.object({
  line1: z.string().trim().min(1).max(120),
  line2: z.string().trim().max(120).default(""),
  commune: z.string().trim().min(1).max(60),
  city: z.string().trim().max(60).default(""),
  region: z.string().trim().max(60).default(""),
  phone: z.string().trim().max(30).optional(),
});

/** A buyer as an order carries it. Lengths are the DTE receptor's (RznSocRecep 100, GiroRecep 40, DirRecep 70, CmnaRecep 20). */
export const CustomerInputSchema = z.object({
  rut: z.string().trim().max(20).optional(),
  email: z.string().trim().max(120).optional(),
  name: z.string().trim().max(100).optional(),
  /** Bought without a store account: gets a guest code. */
  guest: z.boolean().default(true),
  businessName: z.string().trim().max(100).optional(),
  activity: z.string().trim().max(40).optional(),
  address: z.string().trim().max(70).optional(),
  commune: z.string().trim().max(20).optional(),
  city: z.string().trim().max(20).optional(),
  phone: z.string().trim().max(30).optional(),
  shippingAddress: AddressSchema.optional(),
  billingAddress: AddressSchema.optional(),
});

export type CustomerInput = z.input<typeof CustomerInputSchema>;

export interface CustomerMatch {
  /** Null when the buyer gave neither a valid RUT nor an e-mail: there is nothing to match on. */
  customer: Customer | null;
  created: boolean;
  matchedBy: "rut" | "email" | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Finds the buyer by RUT, else by e-mail, or creates them with the next customer code (guests with
 * their own prefix), and keeps their fiscal data and addresses current. Customer creation is
 * serialized per company (the CustomerSettings row is locked), so two orders of a new buyer
 * arriving together make one customer. Run it in the caller's transaction.
 */
export async function matchCustomer(
  tx: Tx,
  companyId: string,
  raw: CustomerInput,
  actor = "hub",
): Promise<CustomerMatch> {
  const input = CustomerInputSchema.parse(raw);
  const rut = input.rut && isValidRut(input.rut) ? normalizeRut(input.rut) : undefined;
  const email = input.email && EMAIL.test(input.email) ? input.email.toLowerCase() : undefined;
  if (!rut && !email) return { customer: null, created: false, matchedBy: null };

  await tx.$executeRaw`INSERT INTO "CustomerSettings" ("companyId") VALUES (${companyId}::uuid) ON CONFLICT ("companyId") DO NOTHING`;
  const [settings] = await tx.$queryRaw<
    Array<{ customerCodePrefix: string; guestCodePrefix: string; nextNumber: number }>
  >`
    SELECT "customerCodePrefix", "guestCodePrefix", "nextNumber" FROM "CustomerSettings" WHERE "companyId" = ${companyId}::uuid FOR UPDATE`;

  let found: Customer | null = rut
    ? await tx.customer.findUnique({ where: { companyId_rut: { companyId, rut } } })
    : null;
  let matchedBy: CustomerMatch["matchedBy"] = found ? "rut" : null;
  if (!found && email) {
    const byEmail = await tx.customer.findMany({ where: { companyId, email }, orderBy: { updatedAt: "desc" } });
    // A customer with another RUT is someone else sharing the address (a company and its owner).
    found = byEmail.find((c) => c.rut === null || c.rut === rut) ?? (rut ? null : (byEmail[0] ?? null));
    if (found) matchedBy = "email";
  }

  const fiscal = {
    ...(input.businessName ? { businessName: input.businessName } : {}),
    ...(input.activity ? { activity: input.activity } : {}),
    ...(input.address ? { address: input.address } : {}),
    ...(input.commune ? { commune: input.commune } : {}),
    ...(input.city ? { city: input.city } : {}),
    ...(input.phone ? { phone: input.phone } : {}),
  };
  let customer: Customer;
  let created = false;
  if (found) {
    customer = await tx.customer.update({
      where: { id: found.id },
      data: {
        ...fiscal,
        ...(input.name ? { name: input.name } : {}),
        ...(rut && !found.rut ? { rut } : {}),
        ...(email && !found.email ? { email } : {}),
        // Someone who now has an account is no longer a guest; the code stays, other systems know it.
        ...(found.isGuest && !input.guest ? { isGuest: false } : {}),
      },
    });
  } else {
    const s = settings!;
    const prefix = input.guest ? s.guestCodePrefix : s.customerCodePrefix;
    customer = await tx.customer.create({
      data: {
        companyId,
        code: `${prefix}${String(s.nextNumber).padStart(6, "0")}`,
        rut: rut ?? null,
        email: email ?? null,
        name: input.name ?? input.businessName ?? email ?? rut ?? "",
        isGuest: input.guest,
        ...fiscal,
      },
    });
    await tx.customerSettings.update({ where: { companyId }, data: { nextNumber: { increment: 1 } } });
    created = true;
    await recordAudit(tx, {
      companyId,
      subjectType: "customer",
      subjectId: customer.id,
      action: "customer.created",
      actor,
      data: { code: customer.code, guest: input.guest },
    });
  }
  const addresses = [
    ...(input.shippingAddress ? [{ kind: "shipping", ...input.shippingAddress }] : []),
    ...(input.billingAddress ? [{ kind: "billing", ...input.billingAddress }] : []),
  ];
  if (addresses.length > 0) {
    await tx.customerAddress.createMany({
      data: addresses.map((a) => ({ customerId: customer.id, ...a, phone: a.phone ?? null })),
      skipDuplicates: true,
    });
  }
  return { customer, created, matchedBy };
}

export interface FiscalData {
  rut: string;
  businessName: string;
  activity: string;
  address: string;
  commune: string;
  city: string;
}

/** The receptor data a factura needs, when the customer has all of it. */
export function customerFiscalData(c: Customer): FiscalData | undefined {
  if (!c.rut || !c.businessName || !c.activity || !c.address || !c.commune) return undefined;
  return {
    rut: c.rut,
    businessName: c.businessName,
    activity: c.activity,
    address: c.address,
    commune: c.commune,
    city: c.city ?? "",
  };
}
