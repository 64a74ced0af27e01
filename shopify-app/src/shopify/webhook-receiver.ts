import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "@timbre/core/hub";
import { enqueue, logger, withStorableText } from "@timbre/core/platform-parts";
import { parseShopifyJson } from "./lossless-json.js";

/**
 * POST /webhooks/shopify, every topic (the topic is in X-Shopify-Topic). Framework-free
 * (Request → Response) so the Remix route and tests call the same code.
 *
 * 1. HMAC-SHA256 of the raw body bytes with the app secret, base64, compared in constant time:
 *    401 when missing or wrong (app review rejects endpoints that answer 200 regardless).
 * 2. Written to the inbox, unique on (platform, shop, X-Shopify-Event-Id): Shopify delivers the
 *    same event more than once, and a duplicate is acknowledged without new work.
 * 3. A job does the work (re-reading the order from the API first); the answer goes out in
 *    milliseconds, well within Shopify's 5 s.
 */
export const SHOPIFY_WEBHOOK_JOB = "shopify.webhook";

export interface WebhookReceiverDeps {
  db: Db;
  /** The app's client secret; undefined when the app is not configured (then 503). */
  secret: string | undefined;
  wake?: () => void;
  /** Called for each new (non-duplicate) event before its job is queued: the demo mirrors it into its emulated shop. */
  onAccepted?: (event: { topic: string; shop: string; payload: unknown }) => void | Promise<void>;
}

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

export function verifyShopifyHmac(rawBody: Buffer, header: string | null, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  let given: Buffer;
  try {
    given = Buffer.from(header.trim(), "base64");
  } catch {
    return false;
  }
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const KNOWN_TOPICS = [
  "orders/create",
  "orders/paid",
  "orders/updated",
  "orders/cancelled",
  "orders/fulfilled",
  "orders/partially_fulfilled",
  "orders/delete",
  "refunds/create",
  "products/create",
  "products/update",
  "products/delete",
  "inventory_levels/update",
  "inventory_levels/connect",
  "inventory_levels/disconnect",
  "app/uninstalled",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
];
/** "ORDERS_PAID" (the library's storage form) → "orders/paid". */
const FROM_STORAGE_FORM = new Map(KNOWN_TOPICS.map((t) => [t.toUpperCase().replace(/[/.]/g, "_"), t]));

function canonicalTopic(header: string | null): string | undefined {
  const t = header?.trim();
  if (!t) return undefined;
  return FROM_STORAGE_FORM.get(t.toUpperCase()) ?? t.toLowerCase();
}

/**
 * Webhook bodies are the bare resource; a REST GET answer wraps it (`{"order": {...}}`), and tools
 * replaying a saved API answer send that. Both are accepted: the only key, when it is an object
 * without an `id` beside it, is unwrapped.
 */
function unwrapResource(body: unknown): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const keys = Object.keys(body);
  const inner = (body as Record<string, unknown>)[keys[0] ?? ""];
  return keys.length === 1 &&
    ["order", "refund", "product", "inventory_level"].includes(keys[0]!) &&
    inner &&
    typeof inner === "object"
    ? inner
    : body;
}

export async function receiveShopifyWebhook(request: Request, deps: WebhookReceiverDeps): Promise<Response> {
  if (request.method !== "POST") return text(405, "Method not allowed");
  if (!deps.secret)
    return text(503, "La app de Shopify no está configurada (SHOPIFY_API_SECRET). / Shopify app not configured.");
  const raw = Buffer.from(await request.arrayBuffer());
  const h = request.headers;
  if (!verifyShopifyHmac(raw, h.get("x-shopify-hmac-sha256"), deps.secret))
    return text(401, "HMAC inválido. / Invalid HMAC.");
  const topic = canonicalTopic(h.get("x-shopify-topic"));
  const shop = h.get("x-shopify-shop-domain")?.trim().toLowerCase();
  if (!topic || !shop)
    return text(400, "Faltan X-Shopify-Topic o X-Shopify-Shop-Domain. / Missing topic or shop headers.");
  let payload: unknown;
  try {
    // NUL and lone surrogates cannot go into jsonb: cleaned here, since a 400 would make Shopify retry.
    payload = withStorableText(unwrapResource(parseShopifyJson(raw.toString("utf8"))));
  } catch {
    return text(400, "El cuerpo no es JSON. / Body is not JSON.");
  }
  // Event id dedupes one business event; without it (older senders) the webhook id, then the body.
  const eventId =
    h.get("x-shopify-event-id")?.trim() ||
    h.get("x-shopify-webhook-id")?.trim() ||
    createHash("sha256").update(topic).update(raw).digest("hex");

  // The inbox row and its job commit together: a crash in between cannot swallow an event that a
  // Shopify retry would then see as a duplicate.
  const fresh = await deps.db.$transaction(async (tx) => {
    const inserted = await tx.$queryRaw<Array<{ id: bigint }>>`
      INSERT INTO "InboxEvent" (platform, shop, "eventId", topic, payload)
      VALUES ('shopify', ${shop}, ${eventId}, ${topic}, ${JSON.stringify(payload)}::jsonb)
      ON CONFLICT (platform, shop, "eventId") DO NOTHING
      RETURNING id`;
    const row = inserted[0];
    if (!row) return false;
    try {
      await deps.onAccepted?.({ topic, shop, payload });
    } catch (e) {
      logger.error({ err: e, shop, topic }, "shopify webhook: onAccepted failed");
    }
    await enqueue(tx, {
      kind: SHOPIFY_WEBHOOK_JOB,
      payload: { inboxEventId: row.id.toString() },
      dedupeKey: `${SHOPIFY_WEBHOOK_JOB}:${row.id}`,
    });
    return true;
  });
  if (!fresh) return text(200, "duplicate");
  deps.wake?.();
  return text(200, "ok");
}
