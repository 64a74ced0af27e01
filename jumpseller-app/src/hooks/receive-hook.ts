import { createHash } from "node:crypto";
import { enqueue, parsePlatformJson } from "@timbre/core/platform-parts";
import type { Db, Encryptor } from "@timbre/core/hub";
import { openCredentials } from "../store/store-state.js";
import { verifyHookSignature } from "./verify-signature.js";

export const HOOK_JOB = "jumpseller.hook";

export interface ReceiveDeps {
  db: Db;
  encryptor: Encryptor;
  onQueued?: () => void;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });

/**
 * POST /jumpseller/hooks. Verifies the signature on the raw body with the store's hooks token,
 * writes the event to the inbox (unique per store and body, so Jumpseller's retries are dropped
 * here) and queues its processing; answers at once, well inside Jumpseller's 15 s.
 * The body is not trusted beyond naming the order or product: the job re-reads it from the API.
 */
export async function receiveHook(deps: ReceiveDeps, request: Request): Promise<Response> {
  const raw = await request.text();
  const code = request.headers.get("jumpseller-store-code")?.trim() ?? "";
  const event = request.headers.get("jumpseller-event")?.trim() ?? "";
  const signature = request.headers.get("jumpseller-hmac-sha256");
  const unauthorized = () =>
    json(401, {
      error: {
        code: "jumpseller.bad_signature",
        message: "Firma Jumpseller-Hmac-Sha256 inválida. / Invalid Jumpseller-Hmac-Sha256 signature.",
      },
    });
  if (!code || !event || !signature) return unauthorized();
  const store = await deps.db.store.findFirst({ where: { platform: "jumpseller", shopDomain: code } });
  const creds = store ? safeCredentials(deps.encryptor, store) : undefined;
  if (!store || !creds || !verifyHookSignature(raw, creds.hooksToken, signature)) return unauthorized();

  let body: unknown;
  try {
    // Depth-bounded; NUL and lone surrogates (which jsonb refuses) cleaned rather than refused.
    body = parsePlatformJson(raw);
  } catch {
    return json(400, {
      error: { code: "jumpseller.bad_body", message: "El cuerpo no es JSON. / The body is not JSON." },
    });
  }
  const eventId = `${event}:${createHash("sha256").update(raw).digest("hex")}`;
  const queued = await deps.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ id: bigint }>>`
      INSERT INTO "InboxEvent" (platform, shop, "eventId", topic, payload)
      VALUES ('jumpseller', ${code}, ${eventId}, ${event}, ${JSON.stringify(body)}::jsonb)
      ON CONFLICT (platform, shop, "eventId") DO NOTHING
      RETURNING id`;
    const id = rows[0]?.id;
    if (id === undefined) return false;
    await enqueue(tx, { kind: HOOK_JOB, payload: { inboxId: id.toString() }, dedupeKey: `${HOOK_JOB}:${id}` });
    return true;
  });
  if (queued) deps.onQueued?.();
  return json(200, { ok: true, duplicate: !queued });
}

function safeCredentials(encryptor: Encryptor, store: { credentials: string | null }) {
  try {
    return openCredentials(encryptor, store);
  } catch {
    return undefined;
  }
}
