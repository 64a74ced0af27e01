import { z } from "zod";
import {
  verifyHmac,
  type PlatformContext,
  type VerifiedEvent,
  type WebhookRejection,
  type WebhookRequest,
} from "@timbre/core/platforms";
import { MagentoCredentialsSchema } from "../client/magento-client.js";

/** What the module's observer posts on order save (Model/PingSigner.php). */
export const OrderPingSchema = z.object({
  topic: z.literal("order.saved"),
  increment_id: z.string().min(1).max(50),
  updated_at: z.string().max(40),
});

/**
 * The module's "something changed" ping: signed with the store's ping secret (the same one in
 * Stores → Configuration → Timbre and in `timbre store create --ping-secret`), naming the store by
 * its hub id. Only a hint: the order is read again from Magento, and the poll stays the source of truth.
 */
export async function verifyOrderPing(
  request: WebhookRequest,
  platform: PlatformContext,
): Promise<VerifiedEvent | WebhookRejection> {
  const storeId = request.headers.get("x-timbre-store")?.trim() ?? "";
  if (!/^[0-9a-f-]{36}$/i.test(storeId)) return { rejected: 400, message: "X-Timbre-Store falta o no es válido" };
  const store = await platform.getStore(storeId);
  if (!store?.installed || !store.shopDomain) return { rejected: 404, message: "tienda desconocida" };
  const credentials = MagentoCredentialsSchema.safeParse(await store.credentials.read());
  const secret = credentials.success ? credentials.data.pingSecret : undefined;
  if (!secret) return { rejected: 403, message: "la tienda no tiene clave de aviso (--ping-secret)" };
  if (!verifyHmac(secret, request.rawBody, request.headers.get("x-timbre-signature"))) {
    return { rejected: 401, message: "firma inválida" };
  }
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody.toString("utf8"));
  } catch {
    return { rejected: 400, message: "cuerpo no es JSON" };
  }
  const ping = OrderPingSchema.safeParse(body);
  if (!ping.success) return { rejected: 400, message: "aviso con forma desconocida" };
  return {
    shop: store.shopDomain,
    eventId: `${ping.data.increment_id}@${ping.data.updated_at}`,
    topic: ping.data.topic,
    payload: ping.data,
  };
}
