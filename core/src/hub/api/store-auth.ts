import { createHmac } from "node:crypto";
import type { Store } from "@prisma/client";
import { TimbreError } from "../../errors.js";
import type { Db } from "../db/prisma-client.js";
import type { Encryptor } from "../secrets/encryptor.js";
import { constantTimeEqual, hashApiKey } from "../stores/store-keys.js";

export const SIGNATURE_HEADER = "x-timbre-signature";

function unauthorized(detail: string, es: string, en: string): TimbreError {
  return new TimbreError("unauthorized", { es, en }, { kind: "unauthorized", detail });
}

export function signBody(secret: string, rawBody: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("base64");
}

/**
 * `Authorization: Bearer <store API key>` on every call; writes also carry
 * `X-Timbre-Signature: base64(HMAC-SHA256(store secret, raw body))`, compared in constant time.
 */
export async function authenticateStore(
  db: Db,
  encryptor: Encryptor,
  request: Request,
  rawBody: string | undefined,
): Promise<Store> {
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
  if (rawBody !== undefined) {
    const given = request.headers.get(SIGNATURE_HEADER) ?? "";
    const expected = signBody(encryptor.decryptText(store.secret, "store.secret"), rawBody);
    if (!constantTimeEqual(given, expected)) {
      throw unauthorized(
        "bad signature",
        "Firma inválida: X-Timbre-Signature debe ser base64(HMAC-SHA256(secreto de la tienda, cuerpo)).",
        "Invalid signature: X-Timbre-Signature must be base64(HMAC-SHA256(store secret, raw body)).",
      );
    }
  }
  return store;
}
