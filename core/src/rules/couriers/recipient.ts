import { z } from "zod";

/** The shipping address of a delivery, as the store sends it. */
export const RecipientSchema = z.object({
  name: z.string().trim().min(1).max(100),
  phone: z.string().trim().max(30).optional(),
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  /** A comuna name or CUT code; resolved against the official list. */
  comuna: z.string().trim().min(1).max(60),
  region: z.string().trim().max(60).optional(),
  postalCode: z.string().trim().max(12).optional(),
  /** Directions for the courier ("timbre 2", "dejar en conserjería"). */
  notes: z.string().trim().max(500).optional(),
});

export type Recipient = z.output<typeof RecipientSchema>;
