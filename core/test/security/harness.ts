import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAdaptorServer, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { loadConfig } from "../../src/hub/config.js";
import { openHub, type Hub } from "../../src/hub/hub.js";
import { createEdgeApp } from "../../src/hub/http/edge-app.js";
import { parsePlatformJson } from "../../src/hub/http/safe-json.js";
import type { CreatedStore } from "../../src/hub/stores/create-store.js";
import { signRequest } from "../../src/hub/api/store-auth.js";
import { createTestDatabase, type TestDatabase } from "../../src/testing/test-database.js";
import { seedCompany } from "../couriers/support/seed.js";

export interface SecurityHub {
  hub: Hub;
  url: string;
  a: CreatedStore;
  b: CreatedStore;
  /** A signed sync API call as a store's plugin makes it. */
  call(
    method: string,
    path: string,
    body?: string,
    as?: CreatedStore,
    extra?: Record<string, string>,
  ): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The hub as `npm start` serves it (the edge router on a real socket, the sync API, the courier
 * app), on PostgreSQL when TEST_DATABASE_URL is set; two tenants; a stand-in platform webhook that
 * stores what it receives in the inbox, as the platform receivers do.
 */
export async function startSecurityHub(): Promise<SecurityHub & { tdb: TestDatabase; server: ServerType }> {
  const tdb = await createTestDatabase({ migrate: false });
  const hub = await openHub(
    loadConfig({
      DATABASE_URL: tdb.url,
      TIMBRE_DATA_DIR: mkdtempSync(join(tmpdir(), "timbre-security-")),
      TIMBRE_DEMO: "0",
    }),
    { role: "hub" },
  );
  const a = (await seedCompany(hub.db, hub.encryptor)).store;
  const b = (await seedCompany(hub.db, hub.encryptor)).store;
  const app = createEdgeApp({
    api: hub.api,
    courierApp: hub.courierApp,
    platforms: [
      {
        prefix: "/webhooks/test",
        async handle(request) {
          const payload = parsePlatformJson(await request.text());
          await hub.db.$executeRaw`
            INSERT INTO "InboxEvent" (platform, shop, "eventId", topic, payload)
            VALUES ('test', 'shop', ${String(Math.random())}, 'orders/paid', ${JSON.stringify(payload)}::jsonb)`;
          return new Response("ok");
        },
      },
    ],
    fallback: (request) =>
      new Response(`<!doctype html><title>${new URL(request.url).pathname}</title>`, {
        headers: { "content-type": "text/html; charset=utf-8" },
      }),
  });
  // As src/server.ts listens: a deep accept backlog and long keep-alive, so 1,000 clients at once
  // are answered rather than reset.
  const server = createAdaptorServer({ fetch: app.fetch });
  if ("keepAliveTimeout" in server) server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    hub,
    tdb,
    server,
    url,
    a,
    b,
    call(method, path, body, as = a, extra = {}) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${as.apiKey}`,
        "content-type": "application/json",
      };
      if (method !== "GET") Object.assign(headers, signRequest(as.secret, { method, target: path, body: body ?? "" }));
      return fetch(`${url}${path}`, {
        method,
        headers: { ...headers, ...extra },
        ...(body !== undefined ? { body } : {}),
      });
    },
    async close() {
      await new Promise((r) => server.close(r));
      await hub.close();
      await tdb.close();
    },
  };
}

export const order = (externalId: string, over: Record<string, unknown> = {}) => ({
  externalId,
  status: "pending",
  updatedAt: "2026-11-20T15:04:05Z",
  lines: [{ externalId: "l1", sku: "CAFE-250", name: "Café de grano 250 g", quantity: 2, unitPrice: 5990 }],
  ...over,
});
