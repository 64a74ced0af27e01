import type { Courier, Delivery, DeliveryProof, DeliveryZone, Order, Prisma } from "@prisma/client";
import { comunaByCode } from "../../rules/couriers/comuna-lookup.js";
import { deliveryStateLabel } from "../../rules/couriers/delivery-state.js";
import type { DeliveryPendingReason } from "../../rules/couriers/delivery-plan.js";
import {
  DEFAULT_PROOF_REQUIREMENTS,
  ProofRequirementsSchema,
  type ProofRequirements,
} from "../../rules/couriers/proof.js";
import { RecipientSchema, type Recipient } from "../../rules/couriers/recipient.js";

export const deliveryInclude = {
  order: { select: { externalId: true, number: true } },
  zone: { select: { id: true, name: true } },
  courier: { select: { id: true, name: true, phone: true } },
  proof: {
    select: {
      receiverName: true,
      notes: true,
      photoType: true,
      signatureType: true,
      latitude: true,
      longitude: true,
      accuracyMeters: true,
      capturedAt: true,
      receivedAt: true,
      clientId: true,
      // Sizes only: the bytes are served by their own endpoint.
      photo: false,
      signature: false,
    },
  },
} satisfies Prisma.DeliveryInclude;

export type DeliveryRow = Delivery & {
  order: Pick<Order, "externalId" | "number">;
  zone: Pick<DeliveryZone, "id" | "name"> | null;
  courier: Pick<Courier, "id" | "name" | "phone"> | null;
  proof: Pick<
    DeliveryProof,
    | "receiverName"
    | "notes"
    | "photoType"
    | "signatureType"
    | "latitude"
    | "longitude"
    | "accuracyMeters"
    | "capturedAt"
    | "receivedAt"
    | "clientId"
  > | null;
};

export interface DeliveryView {
  id: string;
  code: string;
  storeId: string;
  order: { id: string; externalId: string; number: string | null };
  mode: Delivery["mode"];
  state: Delivery["state"];
  stateLabel: string;
  pendingReason: DeliveryPendingReason | null;
  zone: { id: string; name: string } | null;
  courier: { id: string; name: string; phone: string } | null;
  serviceDay: string;
  recipient: Recipient;
  comuna: { code: string; name: string } | null;
  carrier: string | null;
  trackingNumber: string | null;
  weightGrams: number | null;
  goodsTotal: number;
  listFee: number | null;
  fee: number | null;
  commission: number | null;
  feeIssue: string | null;
  requirements: ProofRequirements;
  failureReason: string | null;
  attempts: number;
  assignedAt: string | null;
  pickedUpAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
  proof: {
    receiverName: string | null;
    notes: string | null;
    hasPhoto: boolean;
    hasSignature: boolean;
    location: { latitude: number; longitude: number; accuracyMeters: number | null } | null;
    capturedAt: string;
    receivedAt: string;
  } | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function pendingReasonOf(v: Prisma.JsonValue | null): DeliveryPendingReason | null {
  if (!v || typeof v !== "object" || Array.isArray(v)) return null;
  const r = v as Record<string, unknown>;
  return typeof r.code === "string" && typeof r.message === "string"
    ? ({
        code: r.code,
        message: r.message,
        action: typeof r.action === "string" ? r.action : "",
      } as DeliveryPendingReason)
    : null;
}

export function requirementsOf(v: Prisma.JsonValue): ProofRequirements {
  const r = ProofRequirementsSchema.safeParse(v);
  return r.success ? r.data : DEFAULT_PROOF_REQUIREMENTS;
}

export function recipientOf(v: Prisma.JsonValue): Recipient {
  const r = RecipientSchema.safeParse(v);
  return r.success ? r.data : { name: "", line1: "", comuna: "" };
}

export function deliveryView(d: DeliveryRow): DeliveryView {
  const comuna = d.comunaCode ? comunaByCode(d.comunaCode) : undefined;
  return {
    id: d.id,
    code: d.code,
    storeId: d.storeId,
    order: { id: d.orderId, externalId: d.order.externalId, number: d.order.number },
    mode: d.mode,
    state: d.state,
    stateLabel: deliveryStateLabel(d.state),
    pendingReason: pendingReasonOf(d.pendingReason),
    zone: d.zone,
    courier: d.courier,
    serviceDay: d.serviceDay.toISOString().slice(0, 10),
    recipient: recipientOf(d.recipient),
    comuna: comuna ? { code: comuna.code, name: comuna.name } : null,
    carrier: d.carrier,
    trackingNumber: d.trackingNumber,
    weightGrams: d.weightGrams,
    goodsTotal: d.goodsTotal,
    listFee: d.listFee,
    fee: d.fee,
    commission: d.commission,
    feeIssue: d.feeIssue,
    requirements: requirementsOf(d.requirements),
    failureReason: d.failureReason,
    attempts: d.attempts,
    assignedAt: iso(d.assignedAt),
    pickedUpAt: iso(d.pickedUpAt),
    deliveredAt: iso(d.deliveredAt),
    failedAt: iso(d.failedAt),
    proof: d.proof && {
      receiverName: d.proof.receiverName,
      notes: d.proof.notes,
      hasPhoto: d.proof.photoType !== null,
      hasSignature: d.proof.signatureType !== null,
      location:
        d.proof.latitude !== null && d.proof.longitude !== null
          ? { latitude: d.proof.latitude, longitude: d.proof.longitude, accuracyMeters: d.proof.accuracyMeters }
          : null,
      capturedAt: d.proof.capturedAt.toISOString(),
      receivedAt: d.proof.receivedAt.toISOString(),
    },
  };
}
