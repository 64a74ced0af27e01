import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { logger } from "@timbre/core/hub";
import { readShopifyEnv } from "../../src/shopify/config.js";
import { currentHub } from "../../src/shopify/hub-handle.js";
import { offlineAccessToken } from "../../src/shopify/offline-token.js";
import { ACCESS_TOKEN, openToken, REFRESH_TOKEN, sealToken } from "../../src/shopify/session-tokens.js";

/** The library refreshes an offline token this close to expiry; we do it first, serialised. */
const EARLY_MS = 5 * 60_000;

/**
 * Prisma session storage on the hub's own Prisma client (the Session model lives in
 * core/prisma/schema/shopify.prisma). Created on first use: shopify.server.ts is evaluated when the
 * Remix build loads, before src/server.ts has necessarily bound the hub. Tokens are sealed on the way
 * in and opened on the way out (session-tokens.ts): the library only ever sees plain tokens.
 */
export class HubSessionStorage implements SessionStorage {
  private inner: PrismaSessionStorage<ReturnType<typeof currentHub>["db"]> | undefined;

  private storage() {
    this.inner ??= new PrismaSessionStorage(currentHub().db, { connectionRetries: 2, connectionRetryIntervalMs: 500 });
    return this.inner;
  }

  storeSession(session: Session) {
    const enc = currentHub().encryptor;
    // A copy: the caller's Session keeps its plain tokens.
    const sealed = new Session({
      ...session.toObject(),
      ...(session.accessToken ? { accessToken: sealToken(enc, session.accessToken, ACCESS_TOKEN) } : {}),
      ...(session.refreshToken ? { refreshToken: sealToken(enc, session.refreshToken, REFRESH_TOKEN) } : {}),
    });
    return this.storage().storeSession(sealed);
  }
  /**
   * An offline session about to expire is refreshed here, through offline-token.ts (serialised per
   * shop, across replicas), before the library sees it: otherwise the library would refresh on its
   * own, racing the background jobs for the same single-use refresh token.
   */
  async loadSession(id: string) {
    const session = await this.loadOpened(id);
    if (!session || session.isOnline || !session.refreshToken || !session.expires) return session;
    if (session.expires.getTime() - EARLY_MS > Date.now()) return session;
    const env = readShopifyEnv();
    if (!env.configured) return session;
    try {
      await offlineAccessToken(currentHub().db, currentHub().encryptor, env, session.shop);
    } catch (e) {
      logger.error({ err: e, shop: session.shop }, "shopify: could not refresh the offline token");
      return session;
    }
    return this.loadOpened(id);
  }
  private async loadOpened(id: string) {
    const session = await this.storage().loadSession(id);
    return session && opened(session);
  }
  deleteSession(id: string) {
    return this.storage().deleteSession(id);
  }
  deleteSessions(ids: string[]) {
    return this.storage().deleteSessions(ids);
  }
  async findSessionsByShop(shop: string) {
    return (await this.storage().findSessionsByShop(shop)).map(opened);
  }
}

/** The library's freshly built Session with its tokens opened in place. */
function opened(session: Session): Session {
  const enc = currentHub().encryptor;
  if (session.accessToken) session.accessToken = openToken(enc, session.accessToken, ACCESS_TOKEN);
  if (session.refreshToken) session.refreshToken = openToken(enc, session.refreshToken, REFRESH_TOKEN);
  return session;
}
