import { z } from "@hono/zod-openapi";
import { ASSIGNMENT_RULES } from "../../../rules/couriers/assignment.js";
import { DELIVERY_MODES, DELIVERY_STATES } from "../../../rules/couriers/delivery-state.js";
import { ProofRequirementsSchema } from "../../../rules/couriers/proof.js";
import { CommissionSchema, ShippingRateSchema } from "../../../rules/couriers/rates.js";
import { RecipientSchema } from "../../../rules/couriers/recipient.js";

const CodeName = z.object({ code: z.string(), name: z.string() });

export const ComunasSchema = z
  .object({ regions: z.array(z.object({ code: z.string(), name: z.string(), comunas: z.array(CodeName) })) })
  .openapi("Comunas", {
    example: {
      regions: [{ code: "13", name: "Metropolitana de Santiago", comunas: [{ code: "13123", name: "Providencia" }] }],
    },
  });

export const ZoneViewSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    regions: z.array(CodeName),
    comunas: z.array(CodeName),
    postalPrefixes: z.array(z.string()),
    rate: ShippingRateSchema,
    commission: CommissionSchema,
    position: z.number().int(),
    active: z.boolean(),
  })
  .openapi("Zone", {
    example: {
      id: "3e1f5a9c-2b7d-4c8e-9f01-23456789abcd",
      name: "Oriente",
      regions: [],
      comunas: [
        { code: "13123", name: "Providencia" },
        { code: "13120", name: "Ñuñoa" },
      ],
      postalPrefixes: [],
      rate: { kind: "flat", amount: 3990, freeFrom: 40000 },
      commission: { kind: "percent", percent: 40 },
      position: 0,
      active: true,
    },
  });

export const CourierViewSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    phone: z.string(),
    active: z.boolean(),
    capacityPerDay: z.number().int(),
    priority: z.number().int(),
    zones: z.array(z.string()),
    hasPin: z.boolean(),
  })
  .openapi("Courier", {
    example: {
      id: "7d2c1b0a-9e8f-4a6b-8c5d-4e3f2a1b0c9d",
      name: "Pedro Soto",
      phone: "+56912345678",
      active: true,
      capacityPerDay: 20,
      priority: 0,
      zones: ["Oriente"],
      hasPin: true,
    },
  });

export const CourierSettingsViewSchema = z
  .object({
    assignmentRule: z.enum(ASSIGNMENT_RULES),
    proofRequirements: ProofRequirementsSchema,
    carrierName: z.string(),
    webhookUrl: z.string().nullable(),
  })
  .openapi("CourierSettings", {
    example: {
      assignmentRule: "round_robin",
      proofRequirements: { photo: true, receiverName: true, signature: false, notes: false },
      carrierName: "Reparto propio",
      webhookUrl: null,
    },
  });

export const ShippingMethodSchema = z
  .object({ method: z.string(), mode: z.enum(DELIVERY_MODES), carrier: z.string().nullable().optional() })
  .openapi("ShippingMethod", { example: { method: "Despacho a domicilio", mode: "own_courier", carrier: null } });

const Reason = z.object({ code: z.string(), message: z.string().describe("Spanish (es-CL)") });

export const ShippingQuoteSchema = z
  .union([
    z.object({
      deliverable: z.literal(true),
      zone: z.string(),
      comuna: CodeName,
      fee: z.number().int(),
      listFee: z.number().int(),
      free: z.boolean(),
    }),
    z.object({ deliverable: z.literal(false), zone: z.string().optional(), reason: Reason }),
  ])
  .openapi("ShippingQuote", {
    example: {
      deliverable: true,
      zone: "Oriente",
      comuna: { code: "13123", name: "Providencia" },
      fee: 3990,
      listFee: 3990,
      free: false,
    },
  });

export const DeliveryViewSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    storeId: z.uuid(),
    order: z.object({ id: z.uuid(), externalId: z.string(), number: z.string().nullable() }),
    mode: z.enum(DELIVERY_MODES),
    state: z.enum(DELIVERY_STATES),
    stateLabel: z.string().describe("Spanish (es-CL)"),
    pendingReason: z.object({ code: z.string(), message: z.string(), action: z.string() }).nullable(),
    zone: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    courier: z.object({ id: z.uuid(), name: z.string(), phone: z.string() }).nullable(),
    serviceDay: z.string().describe("YYYY-MM-DD"),
    recipient: RecipientSchema,
    comuna: CodeName.nullable(),
    carrier: z.string().nullable(),
    trackingNumber: z.string().nullable(),
    weightGrams: z.number().int().nullable(),
    goodsTotal: z.number().int(),
    listFee: z.number().int().nullable(),
    fee: z.number().int().nullable(),
    commission: z.number().int().nullable(),
    feeIssue: z.string().nullable(),
    requirements: ProofRequirementsSchema,
    failureReason: z.string().nullable(),
    attempts: z.number().int(),
    assignedAt: z.string().nullable(),
    pickedUpAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    failedAt: z.string().nullable(),
    proof: z
      .object({
        receiverName: z.string().nullable(),
        notes: z.string().nullable(),
        hasPhoto: z.boolean(),
        hasSignature: z.boolean(),
        location: z
          .object({ latitude: z.number(), longitude: z.number(), accuracyMeters: z.number().nullable() })
          .nullable(),
        capturedAt: z.string(),
        receivedAt: z.string(),
      })
      .nullable(),
  })
  .openapi("Delivery", {
    example: {
      id: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
      code: "TMB-7K3Q9P",
      storeId: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
      order: { id: "0b7c3f7e-4a51-4c55-9d5e-3c2b1a0f9e11", externalId: "1001", number: "#1001" },
      mode: "own_courier",
      state: "assigned",
      stateLabel: "Asignada",
      pendingReason: null,
      zone: { id: "3e1f5a9c-2b7d-4c8e-9f01-23456789abcd", name: "Oriente" },
      courier: { id: "7d2c1b0a-9e8f-4a6b-8c5d-4e3f2a1b0c9d", name: "Pedro Soto", phone: "+56912345678" },
      serviceDay: "2026-11-21",
      recipient: { name: "Ana Pérez", line1: "Av. Providencia 1234, depto 56", comuna: "Providencia" },
      comuna: { code: "13123", name: "Providencia" },
      carrier: null,
      trackingNumber: null,
      weightGrams: null,
      goodsTotal: 11980,
      listFee: 3990,
      fee: 3990,
      commission: 1596,
      feeIssue: null,
      requirements: { photo: true, receiverName: true, signature: false, notes: false },
      failureReason: null,
      attempts: 0,
      assignedAt: "2026-11-20T15:05:00.000Z",
      pickedUpAt: null,
      deliveredAt: null,
      failedAt: null,
      proof: null,
    },
  });

export const SettlementSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    couriers: z.array(
      z.object({
        courierId: z.uuid(),
        courierName: z.string(),
        deliveries: z.number().int(),
        fees: z.number().int(),
        commissions: z.number().int(),
        unpriced: z.number().int(),
      }),
    ),
    deliveries: z.array(
      z.object({
        courierId: z.uuid(),
        courierName: z.string(),
        deliveryCode: z.string(),
        orderNumber: z.string(),
        deliveredAt: z.string(),
        comuna: z.string(),
        zone: z.string(),
        fee: z.number().int().nullable(),
        commission: z.number().int().nullable(),
      }),
    ),
  })
  .openapi("Settlement", {
    example: {
      from: "2026-11-01",
      to: "2026-11-30",
      couriers: [
        {
          courierId: "7d2c1b0a-9e8f-4a6b-8c5d-4e3f2a1b0c9d",
          courierName: "Pedro Soto",
          deliveries: 1,
          fees: 3990,
          commissions: 1596,
          unpriced: 0,
        },
      ],
      deliveries: [
        {
          courierId: "7d2c1b0a-9e8f-4a6b-8c5d-4e3f2a1b0c9d",
          courierName: "Pedro Soto",
          deliveryCode: "TMB-7K3Q9P",
          orderNumber: "#1001",
          deliveredAt: "2026-11-21T18:30:00.000Z",
          comuna: "Providencia",
          zone: "Oriente",
          fee: 3990,
          commission: 1596,
        },
      ],
    },
  });
