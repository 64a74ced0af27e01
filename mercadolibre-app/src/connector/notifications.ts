import {
  eventIdFromBody,
  type PlatformContext,
  type VerifiedEvent,
  type WebhookRejection,
  type WebhookRequest,
} from "@timbre/core/platforms";
import { z } from "zod";
import { parseJsonKeepingIds } from "../client/json.js";

const Id = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);

/**
 * A notification as Mercado Libre posts it (research A2): `{_id, resource, user_id, topic,
 * application_id, attempts, sent, received}`. Ids may exceed 2^53, so they are read as digit strings.
 * Nothing in it is trusted: it only says which resource to read again.
 */
export const NotificationSchema = z.object({
  _id: z.string().min(1).optional(),
  resource: z.string().min(1).startsWith("/"),
  user_id: Id,
  topic: z.string().min(1),
  application_id: Id.optional(),
  attempts: z.number().optional(),
  sent: z.string().optional(),
  received: z.string().optional(),
});
export type MeliNotification = z.output<typeof NotificationSchema>;

export interface NotificationLog {
  info(data: Record<string, unknown>, message: string): void;
}

/**
 * Mercado Libre does not sign notifications: a body is genuine enough when it parses, names our
 * application and a seller connected here — and even then only tells us what to read again with
 * that seller's token. A seller we do not know is answered 200 (ML would retry for an hour) and
 * logged; its event goes to no store.
 */
export async function verifyNotification(
  request: WebhookRequest,
  platform: PlatformContext,
  appId: string,
  log: NotificationLog,
): Promise<VerifiedEvent | WebhookRejection> {
  let body: unknown;
  try {
    body = parseJsonKeepingIds(request.rawBody.toString("utf8"));
  } catch {
    return { rejected: 400, message: "cuerpo JSON inválido / invalid JSON body" };
  }
  const n = NotificationSchema.safeParse(body);
  if (!n.success) return { rejected: 400, message: "notificación inválida / not a Mercado Libre notification" };
  if (n.data.application_id !== undefined && n.data.application_id !== appId)
    return { rejected: 403, message: "otra aplicación / another application's notification" };
  const store = await platform.findStore(n.data.user_id);
  if (!store)
    log.info(
      { userId: n.data.user_id, topic: n.data.topic },
      "mercadolibre: notification for an unknown user_id ignored",
    );
  return {
    shop: n.data.user_id,
    // ML keeps `_id` across its retries; without one, the same body is the same event.
    eventId: n.data._id ?? eventIdFromBody(n.data.topic, request.rawBody),
    topic: n.data.topic,
    payload: n.data,
  };
}
