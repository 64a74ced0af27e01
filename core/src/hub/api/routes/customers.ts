import { z } from "zod";
import type { Db } from "../../db/prisma-client.js";
import { findCustomer } from "../../customers/find-customer.js";
import { listCustomers } from "../../customers/list-customers.js";
import type { Encryptor } from "../../secrets/encryptor.js";
import { json } from "../http.js";
import { TimbreError } from "../../../errors.js";
import type { Route } from "../router.js";
import { authenticateStore } from "../store-auth.js";

export interface CustomerRouteDeps {
  db: Db;
  encryptor: Encryptor;
}

const CustomerViewSchema = z.object({
  code: z.string(),
  guest: z.boolean(),
  rut: z.string().nullable(),
  email: z.string().nullable(),
  name: z.string(),
  businessName: z.string().nullable(),
  activity: z.string().nullable(),
  commune: z.string().nullable(),
  orders: z.number().optional(),
});

const Query = z.object({
  guest: z.enum(["true", "false"]).optional(),
  search: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The company's customers (every store of the company sees the same ones). */
export function customerRoutes(deps: CustomerRouteDeps): Route[] {
  return [
    {
      method: "GET",
      path: "/api/v1/customers",
      doc: {
        summary: "Customers of the store's company, newest first; guests have their own code prefix",
        tags: ["customers"],
        auth: "store",
        responses: { 200: { description: "Customers", schema: z.object({ customers: z.array(CustomerViewSchema) }) } },
      },
      async handler({ request }) {
        const store = await authenticateStore(deps.db, deps.encryptor, request, undefined);
        const url = new URL(request.url);
        const q = Query.safeParse(Object.fromEntries(url.searchParams));
        if (!q.success) {
          throw new TimbreError("invalid_input", {
            es: "Parámetros inválidos: guest (true/false), search, limit (1 a 500).",
            en: "Invalid parameters: guest (true/false), search, limit (1 to 500).",
          });
        }
        const customers = await listCustomers(deps.db, store.companyId, {
          ...(q.data.guest ? { guest: q.data.guest === "true" } : {}),
          ...(q.data.search ? { search: q.data.search } : {}),
          limit: q.data.limit,
        });
        return json({ customers });
      },
    },
    {
      method: "GET",
      path: "/api/v1/customers/:ref",
      doc: {
        summary: "One customer by code, RUT or e-mail, with addresses",
        tags: ["customers"],
        auth: "store",
        responses: {
          200: { description: "The customer", schema: z.object({ customer: CustomerViewSchema }) },
          404: { description: "No such customer" },
        },
      },
      async handler({ request, params }) {
        const store = await authenticateStore(deps.db, deps.encryptor, request, undefined);
        return json({ customer: await findCustomer(deps.db, store.companyId, params.ref!) });
      },
    },
  ];
}
