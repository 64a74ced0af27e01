import { randomBytes } from "node:crypto";
import { isTimbreError, type PlatformContext } from "@timbre/core/platforms";
import { createMeliClient } from "../client/meli-client.js";
import { CALLBACK_PATH, type MercadoLibreConfig } from "../config.js";
import { authorizeUrl, exchangeCode } from "../oauth/oauth-client.js";
import type { Credentials } from "../oauth/tokens.js";
import type { MeliSettings } from "./settings.js";

export const START_PATH = "/mercadolibre/oauth/start";
const STATE_PURPOSE = "mercadolibre.oauth-state";
const STATE_TTL_MS = 30 * 60_000;

type Platform = PlatformContext<Credentials, MeliSettings>;

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
function page(status: number, title: string, message: string): Response {
  return new Response(
    `<!doctype html><html lang="es"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Timbre · Mercado Libre</title><body style="font-family:system-ui;max-width:36rem;margin:3rem auto;padding:0 1rem"><h1>${esc(title)}</h1><p>${esc(message)}</p></body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8" } },
  );
}

/** state = storeId.expiry.nonce.mac: the callback knows which store asked, and that the hub asked. */
export function makeState(platform: Platform, storeId: string): string {
  const value = `${storeId}.${platform.now() + STATE_TTL_MS}.${randomBytes(8).toString("hex")}`;
  return `${value}.${platform.mac(value, STATE_PURPOSE)}`;
}

export function readState(platform: Platform, state: string | null): string | undefined {
  if (!state) return undefined;
  const i = state.lastIndexOf(".");
  if (i < 0) return undefined;
  const value = state.slice(0, i);
  if (!platform.verifyMac(value, STATE_PURPOSE, state.slice(i + 1))) return undefined;
  const [storeId, expires] = value.split(".");
  return storeId && Number(expires) > platform.now() ? storeId : undefined;
}

/**
 * The install: `GET /mercadolibre/oauth/start?store=<id>` (a store made with `timbre store create
 * --platform mercadolibre`) sends the seller to Chile's authorization page with a signed `state`;
 * `GET /mercadolibre/oauth/callback` checks it, exchanges the code (form body), reads who the seller
 * is, and installs: tokens encrypted by core, the store bound to the seller's user id.
 */
export function oauthRoutes(config: MercadoLibreConfig, options: { fetch?: typeof fetch } = {}) {
  return async (request: Request, platform: Platform): Promise<Response> => {
    const url = new URL(request.url);
    if (request.method !== "GET") return page(405, "Método no permitido", "Use GET.");
    try {
      if (url.pathname === START_PATH) {
        const storeId = url.searchParams.get("store");
        const store = storeId && /^[0-9a-f-]{36}$/i.test(storeId) ? await platform.getStore(storeId) : null;
        if (!store)
          return page(
            404,
            "Tienda no encontrada",
            "No hay una tienda Mercado Libre con ese id. Créela con: timbre store create --platform mercadolibre --name <nombre>.",
          );
        return new Response(null, {
          status: 302,
          headers: { location: authorizeUrl(config, makeState(platform, store.id)) },
        });
      }
      if (url.pathname === CALLBACK_PATH) {
        const error = url.searchParams.get("error");
        if (error)
          return page(
            400,
            "Conexión cancelada",
            "Mercado Libre no autorizó a Timbre. Puede intentarlo de nuevo desde Timbre.",
          );
        const storeId = readState(platform, url.searchParams.get("state"));
        const code = url.searchParams.get("code");
        if (!storeId || !code)
          return page(
            400,
            "Enlace inválido o vencido",
            "Vuelva a iniciar la conexión desde Timbre (el enlace dura 30 minutos).",
          );
        const store = await platform.getStore(storeId);
        if (!store) return page(404, "Tienda no encontrada", "La tienda de esta conexión ya no existe en Timbre.");
        const credentials = await exchangeCode(config, code, platform.now(), options.fetch);
        const me = await createMeliClient({
          apiUrl: config.apiUrl,
          accessToken: async () => credentials.accessToken,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }).get<{ nickname?: string; tags?: string[] }>("/users/me");
        const { store: installed } = await platform.install({
          storeId: store.id,
          companyId: store.companyId,
          shopDomain: credentials.userId,
          shopId: credentials.userId,
          name: store.name,
          credentials,
          settings: {
            userId: credentials.userId,
            ...(me?.nickname ? { nickname: me.nickname } : {}),
            multiWarehouse: (me?.tags ?? []).includes("warehouse_management"),
          },
          actor: "mercadolibre.oauth",
        });
        await installed.problems.resolve("mercadolibre.grant_revoked");
        await installed.enqueue(
          "mercadolibre.catalog-sync",
          {},
          { dedupeKey: `mercadolibre.catalog-sync:${installed.id}` },
        );
        return page(
          200,
          "Mercado Libre conectado",
          `La cuenta ${me?.nickname ?? credentials.userId} quedó conectada a la tienda ${installed.name}. Timbre emitirá la boleta de cada venta pagada y la adjuntará a la venta.`,
        );
      }
      return page(404, "No encontrado", "Esta dirección no existe.");
    } catch (e) {
      const message = isTimbreError(e) ? e.user.es : "Ocurrió un error inesperado. Intente de nuevo.";
      return page(isTimbreError(e) && e.kind === "conflict" ? 409 : 502, "No se pudo conectar", message);
    }
  };
}
