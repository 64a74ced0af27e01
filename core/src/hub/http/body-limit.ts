import { TimbreError } from "../../errors.js";
import { MAX_PHOTO_BYTES, MAX_SIGNATURE_BYTES } from "../../rules/couriers/proof-media.js";

/**
 * How much each kind of endpoint may receive. A body over its bound is refused with 413 as soon as
 * that is known: from Content-Length before anything is read, or after `max` bytes of a chunked one.
 */
export const BODY_LIMITS = {
  /** Sync API writes: a batch of 100 products or 500 movements fits with room to spare. */
  api: 2 * 1024 * 1024,
  /** Platform webhooks and hooks: Shopify's largest order payloads are a few hundred KB. */
  webhook: 2 * 1024 * 1024,
  /** The courier app's JSON calls (sign-in, start, fail). */
  courierJson: 16 * 1024,
  /** A proof of delivery: its photo, the receiver's signature and the form around them. */
  courierUpload: MAX_PHOTO_BYTES + MAX_SIGNATURE_BYTES + 64 * 1024,
  /** Everything else that reads a body (the embedded admin's forms). */
  other: 1024 * 1024,
} as const;

export function payloadTooLarge(max: number): TimbreError {
  return new TimbreError(
    "payload_too_large",
    {
      es: `El cuerpo de la solicitud es demasiado grande (máximo ${max} bytes).`,
      en: `The request body is too large (at most ${max} bytes).`,
    },
    { kind: "payload_too_large", fields: [{ field: "(body)", message: `over ${max} bytes` }] },
  );
}

/** The request body, refusing more than `max` bytes before reading it all. */
export async function readLimited(request: Request, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > max) throw payloadTooLarge(max);
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(max);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/**
 * The same request with its body read (bounded) into memory, for handlers that read it themselves:
 * they can no longer be made to buffer more than the bound.
 */
export async function boundedRequest(request: Request, max: number): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  const body = await readLimited(request, max);
  const headers = new Headers(request.headers);
  headers.set("content-length", String(body.byteLength));
  return new Request(request.url, { method: request.method, headers, body: body.byteLength ? body : null });
}
