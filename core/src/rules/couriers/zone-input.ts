import { z } from "zod";
import { findComuna, findRegion } from "./comuna-lookup.js";
import { CommissionSchema, ShippingRateSchema } from "./rates.js";
import { normalizePostalCode } from "./zones.js";

const RegionRef = z
  .string()
  .trim()
  .min(1)
  .transform((s, ctx) => {
    const r = findRegion(s);
    if (r) return r.code;
    ctx.issues.push({
      code: "custom",
      message: `unknown región "${s}" (use its code, e.g. 13, or its name)`,
      input: s,
    });
    return z.NEVER;
  });

const ComunaRef = z
  .string()
  .trim()
  .min(1)
  .transform((s, ctx) => {
    const c = findComuna(s);
    if (c) return c.code;
    ctx.issues.push({
      code: "custom",
      message: `unknown comuna "${s}" (use its CUT code, e.g. 13123, or its name)`,
      input: s,
    });
    return z.NEVER;
  });

const PostalPrefix = z
  .string()
  .transform(normalizePostalCode)
  .pipe(z.string().regex(/^\d{1,7}$/, "a postal code or its first digits"));

/**
 * A zone as the merchant writes it (API, CLI): regiones and comunas by code or by name, which are
 * stored as codes so a renamed comuna never breaks a zone.
 */
export const ZoneInputSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    regions: z.array(RegionRef).max(16).default([]),
    comunas: z.array(ComunaRef).max(346).default([]),
    postalPrefixes: z.array(PostalPrefix).max(500).default([]),
    rate: ShippingRateSchema,
    commission: CommissionSchema,
    position: z.number().int().min(0).max(10_000).default(0),
    active: z.boolean().default(true),
  })
  .refine((z) => z.regions.length + z.comunas.length + z.postalPrefixes.length > 0, {
    message: "a zone needs at least one región, comuna or postal code",
    path: ["comunas"],
  })
  .transform((z) => ({
    ...z,
    regions: [...new Set(z.regions)],
    comunas: [...new Set(z.comunas)],
    postalPrefixes: [...new Set(z.postalPrefixes)],
  }));

export type ZoneInput = z.output<typeof ZoneInputSchema>;
export type ZoneInputRaw = z.input<typeof ZoneInputSchema>;
