import { z } from "@hono/zod-openapi";
import { onboardingStatus } from "../../company/onboarding-status.js";
import { setCompany } from "../../company/set-company.js";
import { loadCompanyCertificate } from "../../certificates/load-certificate.js";
import { loadCaf } from "../../cafs/load-caf.js";
import { listStoreOrders } from "../../orders/list-store-orders.js";
import { readStoreSettings, StoreSettingsSchema, updateStoreSettings } from "../../stores/store-settings.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json } from "../http.js";
import { actorOf, type RouteDeps } from "./deps.js";

/**
 * What the shared admin app (woocommerce-plugin/admin) needs beyond orders and stock: onboarding
 * (company, certificate, CAF), the store's order list and its settings. Every call is the store's
 * own, authenticated like any sync-API call; a host proxies them so the browser never holds the
 * store secret (woocommerce-plugin/admin/README.md).
 */
const CompanyBody = z.object({
  businessName: z.string().trim().min(1).max(100),
  activity: z.string().trim().min(1).max(80),
  actecos: z.array(z.number().int().min(10_000).max(999_999)).min(1).max(4).optional(),
  address: z.string().trim().min(1).max(70),
  commune: z.string().trim().min(1).max(20),
  city: z.string().trim().max(20).default(""),
  email: z.email().max(80).nullable().optional(),
});

const CertificateBody = z.object({
  pfxBase64: z.string().min(1).max(200_000).describe("The .p12/.pfx file, base64"),
  password: z.string().max(200),
});

const CafBody = z.object({ xml: z.string().min(1).max(200_000).describe("The CAF XML as downloaded from the SII") });

const OrdersQuery = z.object({
  show: z.enum(["all", "pending", "issued"]).default("all"),
  search: z.string().max(60).optional(),
  take: z.coerce.number().int().min(1).max(100).default(25),
  after: z.string().uuid().optional(),
});

const SettingsPatch = StoreSettingsSchema.partial();

export function adminAppRoutes(deps: RouteDeps): ApiRoute[] {
  return [
    apiRoute({
      method: "GET",
      path: "/api/v1/onboarding",
      summary: "What the store's company still needs to issue: company data, certificate, CAFs (folios left per type)",
      tags: ["admin"],
      auth: "store",
      responses: { 200: { description: "Onboarding status" } },
      handler: async ({ store }) => json(await onboardingStatus(deps.db, store.companyId)),
    }),
    apiRoute({
      method: "PUT",
      path: "/api/v1/company",
      summary: "Update the issuing company's data (the RUT stays: it is the company)",
      tags: ["admin"],
      auth: "store",
      body: CompanyBody,
      responses: { 200: { description: "The company" } },
      handler: async ({ store, body }) => {
        const company = await deps.db.company.findUniqueOrThrow({ where: { id: store.companyId } });
        const { company: view } = await setCompany(deps.db, company.rut, body, actorOf(store));
        return json({ company: view });
      },
    }),
    apiRoute({
      method: "POST",
      path: "/api/v1/certificate",
      summary:
        "Load the company's signing certificate (.p12/.pfx as base64 and its password); it replaces the active one",
      tags: ["admin"],
      auth: "store",
      body: CertificateBody,
      responses: { 201: { description: "Loaded" } },
      handler: async ({ store, body }) => {
        const cert = await loadCompanyCertificate(deps.db, deps.encryptor, {
          companyId: store.companyId,
          source: { pfx: Buffer.from(body.pfxBase64, "base64"), password: body.password },
          actor: actorOf(store),
        });
        deps.onQueued?.();
        return json({ certificate: { subject: cert.subjectName, validTo: cert.notAfter.toISOString() } }, 201);
      },
    }),
    apiRoute({
      method: "POST",
      path: "/api/v1/cafs",
      summary: "Load a CAF (folio authorization XML downloaded from the SII) for the store's company",
      tags: ["admin"],
      auth: "store",
      body: CafBody,
      responses: { 201: { description: "Loaded" }, 200: { description: "Already loaded" } },
      handler: async ({ store, body }) => {
        const { caf, created } = await loadCaf(deps.db, deps.encryptor, {
          companyId: store.companyId,
          xml: body.xml,
          siiKeys: deps.siiKeys ?? {},
          actor: actorOf(store),
        });
        deps.onQueued?.();
        return json(
          { caf: { type: caf.documentType, from: caf.folioFrom, to: caf.folioTo }, created },
          created ? 201 : 200,
        );
      },
    }),
    apiRoute({
      method: "GET",
      path: "/api/v1/orders",
      summary: "The calling store's orders, newest first, with their documents and why pending ones wait",
      tags: ["orders"],
      auth: "store",
      query: OrdersQuery,
      responses: { 200: { description: "A page of orders; `next` is the `after` of the following page" } },
      handler: async ({ store, query }) => json(await listStoreOrders(deps.db, store.id, query)),
    }),
    apiRoute({
      method: "GET",
      path: "/api/v1/settings",
      summary: "The store's issuing settings (issue on payment or delivery, default document, e-mail to the buyer)",
      tags: ["admin"],
      auth: "store",
      responses: { 200: { description: "Settings" } },
      handler: ({ store }) => json({ settings: readStoreSettings(store.settings) }),
    }),
    apiRoute({
      method: "PUT",
      path: "/api/v1/settings",
      summary: "Change the store's issuing settings (only the keys given)",
      tags: ["admin"],
      auth: "store",
      body: SettingsPatch,
      responses: { 200: { description: "Settings" } },
      handler: async ({ store, body }) =>
        json({ settings: await updateStoreSettings(deps.db, store.id, body, actorOf(store)) }),
    }),
  ];
}
