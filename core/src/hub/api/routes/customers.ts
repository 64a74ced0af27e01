import { z } from "@hono/zod-openapi";
import { findCustomer } from "../../customers/find-customer.js";
import { listCustomers } from "../../customers/list-customers.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json } from "../http.js";
import type { RouteDeps } from "./deps.js";

const CustomerViewSchema = z
  .object({
    code: z.string(),
    guest: z.boolean(),
    rut: z.string().nullable(),
    email: z.string().nullable(),
    name: z.string(),
    businessName: z.string().nullable(),
    activity: z.string().nullable(),
    address: z.string().nullable(),
    commune: z.string().nullable(),
    city: z.string().nullable(),
    phone: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    addresses: z
      .array(
        z.object({
          kind: z.string(),
          line1: z.string(),
          line2: z.string(),
          commune: z.string(),
          city: z.string(),
          region: z.string(),
        }),
      )
      .optional(),
    orders: z.number().int().optional().describe("Orders of this customer (all stores of the company)"),
  })
  .openapi("Customer", {
    example: {
      code: "C-000042",
      guest: false,
      rut: "12345678-5",
      email: "ana@example.cl",
      name: "Ana Pérez",
      businessName: null,
      activity: null,
      address: "Av. Providencia 1234",
      commune: "Providencia",
      city: "Santiago",
      phone: "+56912345678",
      createdAt: "2026-11-20T15:04:05.000Z",
      updatedAt: "2026-11-20T15:04:05.000Z",
      orders: 3,
    },
  });

const Query = z.object({
  guest: z.enum(["true", "false"]).optional(),
  search: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The company's customers (every store of the company sees the same ones). */
export function customerRoutes(deps: RouteDeps): ApiRoute[] {
  return [
    apiRoute({
      method: "GET",
      path: "/api/v1/customers",
      summary: "Customers of the store's company, newest first; guests have their own code prefix",
      tags: ["customers"],
      auth: "store",
      query: Query,
      responses: { 200: { description: "Customers", schema: z.object({ customers: z.array(CustomerViewSchema) }) } },
      async handler({ store, query }) {
        const customers = await listCustomers(deps.db, store.companyId, {
          ...(query.guest ? { guest: query.guest === "true" } : {}),
          ...(query.search ? { search: query.search } : {}),
          limit: query.limit,
        });
        return json({ customers });
      },
    }),
    apiRoute({
      method: "GET",
      path: "/api/v1/customers/:ref",
      summary: "One customer by code, RUT or e-mail, with addresses",
      tags: ["customers"],
      auth: "store",
      responses: {
        200: { description: "The customer", schema: z.object({ customer: CustomerViewSchema }) },
        404: { description: "No such customer" },
      },
      handler: async ({ store, params }) =>
        json({ customer: await findCustomer(deps.db, store.companyId, params.ref!) }),
    }),
  ];
}
