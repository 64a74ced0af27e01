import { z } from "zod";
import { normalizeChileanPhone } from "../../rules/couriers/phone.js";

const Phone = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const p = normalizeChileanPhone(s);
    if (p) return p;
    ctx.issues.push({ code: "custom", message: "a Chilean phone: nine digits, e.g. +56 9 1234 5678", input: s });
    return z.NEVER;
  });

export const PinSchema = z.string().regex(/^\d{4,8}$/, "4 to 8 digits");

export const CourierInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  phone: Phone,
  /** Zone names. */
  zones: z.array(z.string().trim().min(1)).max(100).default([]),
  capacityPerDay: z.number().int().min(1).max(1000),
  priority: z.number().int().min(0).max(10_000).default(100),
  active: z.boolean().default(true),
  pin: PinSchema.optional(),
});

export const CourierPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    phone: Phone,
    zones: z.array(z.string().trim().min(1)).max(100),
    capacityPerDay: z.number().int().min(1).max(1000),
    priority: z.number().int().min(0).max(10_000),
    active: z.boolean(),
    pin: PinSchema,
  })
  .partial();

export type CourierInput = z.output<typeof CourierInputSchema>;
export type CourierPatch = z.output<typeof CourierPatchSchema>;
