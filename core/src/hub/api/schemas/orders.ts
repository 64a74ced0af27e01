import { z } from "@hono/zod-openapi";
import { BuyerSchema, OrderStatusSchema } from "../../../rules/order/normalized-order.js";

const Json = z
  .union([z.string(), z.number(), z.boolean(), z.null(), z.record(z.string(), z.any()), z.array(z.any())])
  .describe("Free-form JSON recorded with the event");

export const PendingReasonSchema = z
  .object({
    code: z.enum([
      "unknown_sku",
      "duplicate_sku",
      "missing_sku",
      "no_caf",
      "no_certificate",
      "factura_data",
      "unissuable",
    ]),
    message: z.string().describe("Spanish (es-CL)"),
    action: z.string().describe("What the merchant can do about it"),
  })
  .openapi("PendingReason", {
    example: {
      code: "no_caf",
      message: "No quedan folios de boleta electrónica.",
      action: "Cargue un CAF de boleta (tipo 39).",
    },
  });

const StoredLine = z.object({
  externalId: z.string(),
  sku: z.string().optional(),
  name: z.string(),
  quantity: z.number(),
  unitPrice: z.number().int(),
  discount: z.number().int(),
  exempt: z.boolean(),
});

export const DocumentViewSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(["sale", "credit_note"]),
    type: z.number().int().describe("SII document type: 33, 34, 39, 41 or 61"),
    folio: z.number().int(),
    issueDate: z.string().describe("YYYY-MM-DD"),
    total: z.number().int().describe("CLP"),
    state: z.enum(["issued", "sent", "accepted", "accepted_with_objections", "rejected"]),
    siiResult: Json.nullable(),
    pdfUrl: z.string(),
    xmlUrl: z.string(),
    referencesId: z.uuid().nullable(),
    emailedAt: z.string().nullable(),
  })
  .openapi("Document");

export const OrderViewSchema = z
  .object({
    id: z.uuid(),
    externalId: z.string(),
    number: z.string().nullable(),
    status: OrderStatusSchema,
    updatedAt: z.string(),
    pricesIncludeTax: z.boolean(),
    buyer: BuyerSchema.partial(),
    lines: z.array(StoredLine),
    shipping: z.object({ name: z.string(), price: z.number().int(), exempt: z.boolean() }).nullable(),
    pendingReasons: z.array(PendingReasonSchema).nullable(),
    customer: z
      .object({ code: z.string(), guest: z.boolean() })
      .nullable()
      .describe("The buyer as a hub customer (guests have their own code), when the platform said"),
    documents: z.array(DocumentViewSchema),
  })
  .openapi("Order", {
    example: {
      id: "0b7c3f7e-4a51-4c55-9d5e-3c2b1a0f9e11",
      externalId: "1001",
      number: "#1001",
      status: "paid",
      updatedAt: "2026-11-20T15:04:05.000Z",
      pricesIncludeTax: true,
      buyer: { email: "ana@example.cl", name: "Ana Pérez", document: "boleta" },
      lines: [
        {
          externalId: "l1",
          sku: "CAFE-250",
          name: "Café de grano 250 g",
          quantity: 2,
          unitPrice: 5990,
          discount: 0,
          exempt: false,
        },
      ],
      shipping: { name: "Despacho a domicilio", price: 3990, exempt: false },
      pendingReasons: null,
      customer: { code: "C-000042", guest: false },
      documents: [
        {
          id: "5f0c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f",
          kind: "sale",
          type: 39,
          folio: 1,
          issueDate: "2026-11-20",
          total: 15970,
          state: "accepted",
          siiResult: null,
          pdfUrl: "/api/v1/documents/5f0c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f.pdf",
          xmlUrl: "/api/v1/documents/5f0c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f.xml",
          referencesId: null,
          emailedAt: "2026-11-20T15:04:40.000Z",
        },
      ],
    },
  });

export const AuditSchema = z
  .array(z.object({ at: z.string(), action: z.string(), actor: z.string(), data: Json.nullable() }))
  .openapi("Audit", {
    example: [
      { at: "2026-11-20T15:04:05.000Z", action: "order.received", actor: "api:store", data: { status: "paid" } },
    ],
  });
