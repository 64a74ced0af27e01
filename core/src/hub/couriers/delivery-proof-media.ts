import { TimbreError } from "../../errors.js";
import type { Db } from "../db/prisma-client.js";

/** The photo or signature of a delivery's proof, or a 404 saying the delivery has none. */
export async function deliveryProofMedia(
  db: Db,
  deliveryId: string,
  which: "photo" | "signature",
): Promise<{ bytes: Uint8Array<ArrayBuffer>; contentType: string }> {
  const proof = await db.deliveryProof.findUnique({
    where: { deliveryId },
    select: { photo: true, photoType: true, signature: true, signatureType: true },
  });
  const bytes = which === "photo" ? proof?.photo : proof?.signature;
  const type = which === "photo" ? proof?.photoType : proof?.signatureType;
  if (!bytes || !type) {
    throw new TimbreError(
      "not_found",
      which === "photo"
        ? { es: "La entrega no tiene foto.", en: "The delivery has no photo." }
        : { es: "La entrega no tiene firma.", en: "The delivery has no signature." },
      { kind: "not_found" },
    );
  }
  return { bytes: new Uint8Array(bytes), contentType: type };
}
