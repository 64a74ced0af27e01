import type { Prisma } from "@prisma/client";
import { transition } from "../../rules/couriers/delivery-state.js";
import { missingProof } from "../../rules/couriers/proof.js";
import { eventTime, MAX_PHOTO_BYTES, MAX_SIGNATURE_BYTES, sniffImageType } from "../../rules/couriers/proof-media.js";
import { TimbreError } from "../../errors.js";
import type { Db } from "../db/prisma-client.js";
import { runTransaction } from "../db/run-transaction.js";
import { confirmDelivery } from "../orders/confirm-delivery.js";
import { deliveryChanged } from "./delivery-events.js";
import { invalidTransition, notYourDelivery } from "./delivery-errors.js";
import { lockDelivery } from "./find-delivery.js";
import { deliveryInclude, deliveryView, requirementsOf, type DeliveryView } from "./delivery-view.js";

export interface ProofInput {
  /** The phone's id for this submission, so a retried upload is recognised. */
  clientId: string;
  at?: Date | undefined;
  receiverName?: string | undefined;
  notes?: string | undefined;
  photo?: Uint8Array | undefined;
  signature?: Uint8Array | undefined;
  location?: { latitude: number; longitude: number; accuracyMeters?: number | undefined } | undefined;
}

function mediaError(field: string, es: string, en: string): TimbreError {
  return new TimbreError("delivery.invalid_proof", { es, en }, { fields: [{ field, message: en }] });
}

function checkMedia(p: ProofInput): { photoType: string | null; signatureOk: boolean } {
  let photoType: string | null = null;
  if (p.photo && p.photo.length > 0) {
    if (p.photo.length > MAX_PHOTO_BYTES)
      throw mediaError("photo", "La foto pesa más de 2 MB.", "The photo is larger than 2 MB.");
    photoType = sniffImageType(p.photo) ?? null;
    if (!photoType)
      throw mediaError("photo", "La foto debe ser JPEG, PNG o WebP.", "The photo must be JPEG, PNG or WebP.");
  }
  if (p.signature && p.signature.length > 0) {
    if (p.signature.length > MAX_SIGNATURE_BYTES || sniffImageType(p.signature) !== "image/png") {
      throw mediaError(
        "signature",
        "La firma debe ser una imagen PNG de menos de 256 KB.",
        "The signature must be a PNG under 256 KB.",
      );
    }
  }
  return { photoType, signatureOk: (p.signature?.length ?? 0) > 0 };
}

/**
 * The parcel reached the buyer, with the proof the delivery requires. Stores the proof, records the
 * order as delivered (which issues the document when the store's trigger is delivery) and queues
 * the write-back to the store. The same submission sent again answers as the first did.
 */
export async function completeDelivery(
  db: Db,
  companyId: string,
  input: { deliveryId: string; courierId?: string | undefined; proof: ProofInput },
  actor: string,
): Promise<{ delivery: DeliveryView; replayed: boolean }> {
  const { photoType, signatureOk } = checkMedia(input.proof);
  return runTransaction(db, async (tx) => {
    const d = await lockDelivery(tx, companyId, input.deliveryId);
    if (input.courierId !== undefined && d.courierId !== input.courierId) throw notYourDelivery();
    if (d.state === "delivered") {
      if (d.proof?.clientId === input.proof.clientId) return { delivery: deliveryView(d), replayed: true };
      throw new TimbreError(
        "delivery.already_delivered",
        { es: "La entrega ya fue confirmada.", en: "The delivery was already confirmed." },
        { kind: "conflict" },
      );
    }
    const t = transition(d.mode, d.state, "deliver");
    if (!t.ok) throw invalidTransition(t.message);
    const p = input.proof;
    const missing = missingProof(requirementsOf(d.requirements), {
      hasPhoto: photoType !== null,
      receiverName: p.receiverName,
      hasSignature: signatureOk,
      notes: p.notes,
    });
    if (missing.length > 0) {
      throw new TimbreError(
        "delivery.proof_missing",
        {
          es: `Falta: ${missing.map((m) => m.label).join(", ")}.`,
          en: `Missing: ${missing.map((m) => m.field).join(", ")}.`,
        },
        { fields: missing.map((m) => ({ field: m.field, message: "required" })) },
      );
    }
    const at = eventTime(p.at, new Date());
    const receiverName = p.receiverName?.trim() || null;
    await tx.deliveryProof.create({
      data: {
        deliveryId: d.id,
        clientId: p.clientId,
        photo: photoType ? Buffer.from(p.photo!) : null,
        photoType,
        signature: signatureOk ? Buffer.from(p.signature!) : null,
        signatureType: signatureOk ? "image/png" : null,
        receiverName,
        notes: p.notes?.trim() || null,
        latitude: p.location?.latitude ?? null,
        longitude: p.location?.longitude ?? null,
        accuracyMeters: p.location?.accuracyMeters ?? null,
        capturedAt: at,
      },
    });
    await tx.delivery.update({
      where: { id: d.id },
      data: { state: t.to, deliveredAt: at, pickedUpAt: d.pickedUpAt ?? at },
    });
    const summary: Prisma.InputJsonObject = {
      deliveryId: d.id,
      code: d.code,
      receiverName,
      photo: photoType !== null,
      signature: signatureOk,
      ...(p.location ? { location: { latitude: p.location.latitude, longitude: p.location.longitude } } : {}),
    };
    await confirmDelivery(tx, { orderId: d.orderId, at, actor, proof: summary });
    await deliveryChanged(tx, d, "delivered", actor, { at: at.toISOString(), ...summary });
    return {
      delivery: deliveryView(await tx.delivery.findUniqueOrThrow({ where: { id: d.id }, include: deliveryInclude })),
      replayed: false,
    };
  });
}
