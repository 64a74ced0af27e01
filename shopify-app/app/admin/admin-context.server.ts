import type { AppLoadContext } from "@remix-run/node";
import { findShopStore, isTimbreError, merchantFields, merchantTitle } from "@timbre/core/admin";
import { authenticate } from "../shopify.server";
import { langOf, type Lang } from "./i18n";
import "../load-context";

/**
 * Every admin page starts here: the Shopify session (session token → token exchange), the hub, and
 * the Timbre store this shop is connected as (null until onboarding's first step).
 */
export async function shopAdmin(request: Request, context: AppLoadContext) {
  const { session, admin } = await authenticate.admin(request);
  const hub = context.hub;
  const store = await findShopStore(hub.db, "shopify", session.shop);
  const lang: Lang = langOf(request);
  // Audit entries name who acted: the staff member when Shopify tells us, else the shop.
  const user = session.onlineAccessInfo?.associated_user?.email;
  const actor = user ? `shopify:${session.shop}:${user}` : `shopify:${session.shop}`;
  return { hub, session, admin, shop: session.shop, store, lang, actor };
}

export type ActionResult =
  | { ok: true; message: { es: string; en: string }; link?: string }
  | { ok: false; error: { es: string; en: string; fields: Array<{ field: string; message: string }> } };

/** A use case's typed error as the page shows it; anything else is a bug and propagates. */
export function failure(e: unknown): ActionResult {
  if (isTimbreError(e)) {
    // Field names in words and no validator wording: what a merchant reads.
    const fields = merchantFields(e.fields ?? [], "es").map((f) => ({
      field: f.field,
      message: `${f.label}: ${f.message}`,
    }));
    return { ok: false, error: { es: merchantTitle(e, "es"), en: merchantTitle(e, "en"), fields } };
  }
  throw e;
}

export function success(es: string, en: string, link?: string): ActionResult {
  return { ok: true, message: { es, en }, ...(link ? { link } : {}) };
}

/** A problem the page found itself (before any use case), said for one field. */
export function fieldProblem(es: string, en: string): ActionResult {
  return { ok: false, error: { es, en, fields: [] } };
}

export function notConnected(): ActionResult {
  return {
    ok: false,
    error: {
      es: "Primero registre la empresa en Configuración inicial.",
      en: "First register the company in Setup.",
      fields: [],
    },
  };
}
