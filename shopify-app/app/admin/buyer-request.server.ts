import type { AppLoadContext } from "@remix-run/node";
import { findShopStore } from "@timbre/core/admin";
import { authenticate } from "../shopify.server";
import "../load-context";

type Cors = (response: Response) => Response;

/**
 * Requests from the buyer-facing extensions (thank-you: a checkout token; order status: a
 * customer-account token). Both are HS256 JWTs signed with the app secret; the library checks them
 * and answers CORS preflights. Returns the shop's Timbre store, or null when it is not connected.
 */
export async function buyerRequest(request: Request, context: AppLoadContext) {
  let auth: { sessionToken: { dest: string }; cors: Cors };
  try {
    auth = (await authenticate.public.checkout(request)) as unknown as typeof auth;
  } catch (e) {
    if (!(e instanceof Response) || request.method === "OPTIONS") throw e;
    auth = (await authenticate.public.customerAccount(request)) as unknown as typeof auth;
  }
  const shop = auth.sessionToken.dest.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  const store = await findShopStore(context.hub.db, "shopify", shop);
  return { shop, store, cors: auth.cors, hub: context.hub };
}

/** Order GID or numeric id → the numeric id the hub keys Shopify orders by. */
export function orderExternalId(value: string): string | null {
  const id = value.trim().split("/").pop() ?? "";
  return /^\d{1,20}$/.test(id) ? id : null;
}

export function json(body: unknown, status: number, cors: Cors): Response {
  return cors(new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));
}
