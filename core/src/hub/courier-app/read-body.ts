import { TimbreError } from "../../errors.js";

/** The request body, refusing more than `max` bytes before reading it all (a photo upload is the biggest). */
export async function readLimited(request: Request, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () =>
    new TimbreError(
      "payload_too_large",
      { es: "El envío es demasiado grande.", en: "The upload is too large." },
      { fields: [{ field: "(body)", message: `over ${max} bytes` }] },
    );
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (declared > max) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
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
