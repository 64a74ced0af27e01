import type { Db, Encryptor } from "@timbre/core/hub";
import { adminOrigin, type ShopifyEnv } from "./config.js";
import { ShopifyGraphqlClient } from "./graphql-client.js";
import { offlineAccessToken } from "./offline-token.js";

/** A GraphQL client for a shop, authenticated with its offline token (refreshed when it expires). */
export function shopClient(
  db: Db,
  encryptor: Encryptor,
  env: Pick<ShopifyEnv, "apiKey" | "apiSecret" | "adminApiUrl">,
  shop: string,
  fetchImpl?: typeof fetch,
): ShopifyGraphqlClient {
  return new ShopifyGraphqlClient({
    shop,
    origin: adminOrigin(shop, env),
    accessToken: (force) =>
      offlineAccessToken(db, encryptor, env, shop, {
        force: force ?? false,
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      }),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
