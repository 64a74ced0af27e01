import { enqueue } from "../../jobs/job-queue.js";
import { logger } from "../../logging/logger.js";
import { isRejection, type AnyConnector } from "../connector.js";
import type { PlatformContext } from "../context.js";
import type { RuntimeDeps } from "./runtime-deps.js";

/** The dispatcher's job: one per inbox row, calling the connector's topic handler. */
export const EVENT_JOB = "platform.event";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });

/** NUL dropped and lone surrogate halves replaced: jsonb refuses both, and a platform is never refused for them. */
function storable<T>(value: T): T {
  const text = (s: string) => s.replaceAll("\u0000", "").toWellFormed();
  if (typeof value === "string") return text(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => storable(v)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[text(k)] = storable(v);
    return out as T;
  }
  return value;
}

/**
 * Core's webhook receiver of one connector, `POST <webhooks.path>`: the raw body to the connector's
 * `verify`, then the inbox row (unique on platform, shop, event id: a platform's retries are dropped
 * here) and its dispatcher job in one transaction, and the answer at once — the topic's work runs
 * in the job, well inside every platform's delivery timeout.
 */
export function webhookReceiver(
  deps: RuntimeDeps,
  connector: AnyConnector,
  platform: PlatformContext<unknown, Record<string, unknown>>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const spec = connector.webhooks;
    if (!spec) return json(404, { error: { code: "not_found", message: "No encontrado.", messageEn: "Not found." } });
    if (request.method !== "POST")
      return json(405, {
        error: { code: "method_not_allowed", message: "Solo se acepta POST.", messageEn: "POST only." },
      });
    const url = new URL(request.url);
    const rawBody = Buffer.from(await request.arrayBuffer());
    let verdict;
    try {
      verdict = await spec.verify({ method: request.method, url, headers: request.headers, rawBody }, platform);
    } catch (e) {
      logger.warn({ platform: connector.id, err: e }, "webhook verify failed");
      return json(503, {
        error: {
          code: "webhook.unavailable",
          message: "No pudimos verificar el evento; reintente.",
          messageEn: "Could not verify the event; retry.",
        },
      });
    }
    if (isRejection(verdict))
      return json(verdict.rejected, { error: { code: `${connector.id}.webhook_rejected`, message: verdict.message } });
    const payload = JSON.stringify(storable(verdict.payload ?? null));
    const shop = verdict.shop;
    const eventId = verdict.eventId.slice(0, 500);
    const topic = verdict.topic.slice(0, 200);
    const queued = await deps.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Array<{ id: bigint }>>`
        INSERT INTO "InboxEvent" (platform, shop, "eventId", topic, payload)
        VALUES (${connector.id}, ${shop}, ${eventId}, ${topic}, ${payload}::jsonb)
        ON CONFLICT (platform, shop, "eventId") DO NOTHING
        RETURNING id`;
      const id = rows[0]?.id;
      if (id === undefined) return false;
      await enqueue(tx, { kind: EVENT_JOB, payload: { inboxId: id.toString() }, dedupeKey: `${EVENT_JOB}:${id}` });
      return true;
    });
    if (queued) deps.wake?.();
    return json(200, { ok: true, duplicate: !queued });
  };
}
