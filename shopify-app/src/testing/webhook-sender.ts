import { createHmac, randomUUID } from "node:crypto";

export interface WebhookDelivery {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** base64(HMAC-SHA256(app secret, raw body)): the X-Shopify-Hmac-Sha256 header. */
export function shopifyHmac(secret: string, rawBody: string | Buffer): string {
  return createHmac("sha256", secret).update(rawBody).digest("base64");
}

/** The headers Shopify sends with a webhook (research/platforms.md §1.5). */
export function webhookHeaders(input: {
  secret: string;
  topic: string;
  shop: string;
  rawBody: string;
  eventId?: string;
  webhookId?: string;
  apiVersion?: string;
  hmac?: string;
}): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "Shopify-Captain-Hook",
    "x-shopify-topic": input.topic,
    "x-shopify-shop-domain": input.shop,
    "x-shopify-api-version": input.apiVersion ?? "2026-07",
    "x-shopify-webhook-id": input.webhookId ?? randomUUID(),
    "x-shopify-event-id": input.eventId ?? randomUUID(),
    "x-shopify-triggered-at": new Date().toISOString(),
    "x-shopify-hmac-sha256": input.hmac ?? shopifyHmac(input.secret, input.rawBody),
  };
}

/**
 * Signs and posts a webhook like Shopify does. `forge` signs with a wrong key (what an attacker, or
 * a webhook triggered from the store's Notifications page, would send).
 */
export async function sendWebhook(input: {
  url: string;
  secret: string;
  topic: string;
  shop: string;
  /** The raw body; an object is serialised once, and the signature covers exactly those bytes. */
  body: string | object;
  eventId?: string;
  apiVersion?: string;
  forge?: boolean;
}): Promise<WebhookDelivery> {
  const rawBody = typeof input.body === "string" ? input.body : JSON.stringify(input.body);
  const headers = webhookHeaders({
    ...input,
    rawBody,
    ...(input.forge ? { hmac: shopifyHmac(`${input.secret}-forged`, rawBody) } : {}),
  });
  const res = await fetch(input.url, { method: "POST", headers, body: rawBody, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text(), headers };
}
