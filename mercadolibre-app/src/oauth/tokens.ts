import { z } from "zod";

const Id = z.union([z.string(), z.number()]).transform(String);

/** Mercado Libre's token answer (research A1): 6-hour access token, single-use refresh token. */
export const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().int().positive(),
  scope: z.string().optional(),
  user_id: Id,
  refresh_token: z.string().min(1),
});

/** What a store keeps in `Store.credentials` (encrypted by core). */
export const CredentialsSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Epoch ms. */
  expiresAt: z.number().int(),
  /** The seller's Mercado Libre user id (as digits). */
  userId: z.string().regex(/^\d+$/),
  scope: z.string().default(""),
});
export type Credentials = z.output<typeof CredentialsSchema>;

export function toCredentials(t: z.output<typeof TokenResponseSchema>, now: number): Credentials {
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: now + t.expires_in * 1000,
    userId: t.user_id,
    scope: t.scope ?? "",
  };
}

/**
 * Refresh this long before the six hours are up: a job never leaves with a token that dies in
 * flight, and a sweep every 5 minutes always finds one in time.
 */
export const REFRESH_MARGIN_MS = 15 * 60_000;
export const isFresh = (c: Credentials, now: number) => c.expiresAt - now > REFRESH_MARGIN_MS;
