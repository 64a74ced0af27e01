import type { Store } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import type { Db } from "../db/prisma-client.js";
import type { Encryptor } from "../secrets/encryptor.js";
import { signBody, signRequest, type SignedBody } from "../stores/request-signature.js";
import { constantTimeEqual, hashApiKey } from "../stores/store-keys.js";
import { STORE_SESSION_HEADER, storeOfSession } from "../stores/store-session.js";

export { signBody, signRequest, signingInput } from "../stores/request-signature.js";

export const SIGNATURE_HEADER = "x-timbre-signature";
export const TIMESTAMP_HEADER = "x-timbre-timestamp";
/** A signed request older or newer than this is refused: a captured one cannot be replayed later. */
export const SIGNATURE_TOLERANCE_S = 300;
/**
 * The body-only signature (no timestamp, no method or path) is accepted until this instant, and
 * only from stores that have not turned it off.
 */
export const LEGACY_SIGNATURE_SUNSET = new Date("2027-06-30T23:59:59Z");

function unauthorized(detail: string, es: string, en: string): TimbreError {
  return new TimbreError("unauthorized", { es, en }, { kind: "unauthorized", detail });
}

/** Path and query exactly as the caller sent them: what it signed. */
export const requestTarget = (url: URL) => `${url.pathname}${url.search}`;

/**
 * `Authorization: Bearer <store API key>` on every call. Writes (`body` given) also carry
 * `X-Timbre-Timestamp` (Unix seconds) and `X-Timbre-Signature` over timestamp, method, path and body
 * (`signRequest`), compared in constant time; a stale timestamp is refused, so a captured request
 * cannot be replayed later, nor its signature moved to another path or method (writes are idempotent
 * within the window).
 * Until `LEGACY_SIGNATURE_SUNSET`, a store that has not turned it off may still sign the body only.
 */
export async function authenticateStore(
  db: Db,
  encryptor: Encryptor,
  request: Request,
  body: SignedBody | undefined,
  now: () => number = Date.now,
): Promise<Store> {
  const session = request.headers.get(STORE_SESSION_HEADER);
  if (session && !request.headers.get("authorization")) {
    // A pass the hub minted for a merchant it authenticated (store-session.ts): its MAC stands in
    // for the key and the signature, and it expires within the hour.
    const storeId = storeOfSession(encryptor, session, now());
    const store = storeId ? await db.store.findUnique({ where: { id: storeId } }) : null;
    if (!store)
      throw unauthorized(
        "bad store session",
        "La sesión venció: vuelva a abrir la página.",
        "The session expired: open the page again.",
      );
    return store;
  }
  const header = request.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) {
    throw unauthorized(
      "missing bearer",
      "Falta la clave de API (Authorization: Bearer …).",
      "Missing API key (Authorization: Bearer …).",
    );
  }
  const store = await db.store.findUnique({ where: { apiKeyHash: hashApiKey(m[1]!) } });
  if (!store) throw unauthorized("unknown key", "Clave de API inválida.", "Invalid API key.");
  if (body === undefined) return store;

  const given = request.headers.get(SIGNATURE_HEADER)?.trim() ?? "";
  const timestamp = request.headers.get(TIMESTAMP_HEADER)?.trim();
  const secret = encryptor.decryptText(store.secret, "store.secret");
  const nowMs = now();
  if (timestamp === undefined || timestamp === "") {
    const legacyOpen = store.legacySignatures && nowMs <= LEGACY_SIGNATURE_SUNSET.getTime();
    if (!legacyOpen) {
      throw unauthorized(
        "timestamp missing",
        "Falta X-Timbre-Timestamp: la firma debe cubrir fecha, método, ruta y cuerpo (vea /api/v1/openapi.json).",
        "X-Timbre-Timestamp is missing: the signature must cover timestamp, method, path and body (see /api/v1/openapi.json).",
      );
    }
    if (!constantTimeEqual(given, signBody(secret, body))) throw badSignature();
    return store;
  }
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > SIGNATURE_TOLERANCE_S) {
    throw unauthorized(
      "stale timestamp",
      `X-Timbre-Timestamp vencido o inválido: debe ser la hora actual en segundos Unix (±${SIGNATURE_TOLERANCE_S} s).`,
      `X-Timbre-Timestamp is stale or invalid: it must be the current Unix time in seconds (±${SIGNATURE_TOLERANCE_S} s).`,
    );
  }
  const url = new URL(request.url);
  const expected = signRequest(secret, {
    method: request.method,
    target: requestTarget(url),
    body,
    timestamp: Number(timestamp),
  })["x-timbre-signature"];
  if (!constantTimeEqual(given, expected)) throw badSignature();
  return store;
}

function badSignature(): TimbreError {
  return unauthorized(
    "bad signature",
    "Firma inválida: X-Timbre-Signature debe ser base64(HMAC-SHA256(secreto de la tienda, marca de tiempo, método, ruta y cuerpo)).",
    "Invalid signature: X-Timbre-Signature must be base64(HMAC-SHA256(store secret, timestamp, method, path and body)).",
  );
}
