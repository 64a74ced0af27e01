import { z } from "zod";

/** What `timbre store create --platform woocommerce` takes, and what is kept of it. */
export const WooSetupFields = z.object({
  url: z
    .url({ error: "must be the shop's address, e.g. https://tienda.cl" })
    .describe("The shop's address (https://tienda.cl)"),
  consumerKey: z
    .string()
    .startsWith("ck_", { error: "must start with ck_ (WooCommerce → Ajustes → Avanzado → API REST)" })
    .describe("WooCommerce REST API consumer key (ck_…)"),
  consumerSecret: z
    .string()
    .startsWith("cs_", { error: "must start with cs_" })
    .describe("WooCommerce REST API consumer secret (cs_…)"),
});

export const WooCredentialsSchema = z.object({ consumerKey: z.string().min(1), consumerSecret: z.string().min(1) });

export const WooSettingsSchema = z.object({
  url: z.string().default(""),
  /** Keys in the query string, for hosts that strip Authorization. */
  queryStringAuth: z.boolean().default(false),
  /** Shop statuses that mean paid (the plugin's setting mirrors it). */
  paidStatuses: z.array(z.string()).default(["processing", "completed"]),
  /** The sweep's cursor: the latest order modification (GMT ISO) already looked at. */
  sweepCursor: z.string().nullable().default(null),
});
export type WooSettings = z.output<typeof WooSettingsSchema>;

/** A shop's identity in the hub: its host and path, lowercase (https://Tienda.cl/shop → tienda.cl/shop). */
export function shopDomainOf(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname.replace(/\/+$/, "")}`.toLowerCase();
}
