import { z } from "@hono/zod-openapi";
import { companyFolios } from "../../cafs/company-folios.js";
import { listStoreJobs, retryStoreJob } from "../../jobs/store-jobs.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json, notFound } from "../http.js";
import type { RouteDeps } from "./deps.js";

const JobSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    state: z.enum(["queued", "running", "done", "dead"]),
    attempts: z.number(),
    maxAttempts: z.number(),
    runAt: z.string(),
    lastError: z.string().nullable(),
    payload: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .describe("What the job works on (ids, never secrets)"),
  })
  .openapi("Job", {
    example: {
      id: "42",
      kind: "document.email",
      state: "dead",
      attempts: 10,
      maxAttempts: 10,
      runAt: "2026-11-20T15:04:05.000Z",
      lastError: "SMTP 550 mailbox unavailable",
      payload: { documentId: "5f0c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f" },
    },
  });
const JobsQuery = z.object({
  state: z.enum(["queued", "running", "done", "dead"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const WarningSchema = z.object({
  code: z.enum(["low_folios", "caf_expiring"]),
  documentType: z.number(),
  remaining: z.number(),
  expiresAt: z.string().nullable(),
  message: z.object({ es: z.string(), en: z.string() }),
});

/** What a plugin's admin screen shows about the hub's work for its store: folios left, and jobs. */
export function operationRoutes(deps: RouteDeps): ApiRoute[] {
  const { db } = deps;
  return [
    apiRoute({
      method: "GET",
      path: "/api/v1/folios",
      summary: "Folios left per document type for the store's company, with low-folio and CAF-expiry warnings",
      tags: ["documents"],
      auth: "store",
      responses: {
        200: {
          description: "Folio stock and warnings",
          schema: z
            .object({
              stock: z.array(
                z.object({ documentType: z.number(), remaining: z.number(), expiresAt: z.string().nullable() }),
              ),
              threshold: z.number(),
              warnings: z.array(WarningSchema),
              toAnnul: z.array(z.object({ documentType: z.number(), folio: z.number(), reason: z.string() })),
            })
            .openapi("Folios", {
              example: {
                stock: [{ documentType: 39, remaining: 940, expiresAt: null }],
                threshold: 50,
                warnings: [],
                toAnnul: [],
              },
            }),
        },
      },
      handler: async ({ store }) => json(await companyFolios(db, store.companyId)),
    }),
    apiRoute({
      method: "GET",
      path: "/api/v1/jobs",
      summary: "Background jobs that concern the calling store (newest first), e.g. the dead-lettered ones",
      tags: ["jobs"],
      auth: "store",
      query: JobsQuery,
      responses: { 200: { description: "Jobs", schema: z.object({ jobs: z.array(JobSchema) }) } },
      handler: async ({ store, query }) =>
        json({ jobs: await listStoreJobs(db, store, { state: query.state, limit: query.limit }) }),
    }),
    apiRoute({
      method: "POST",
      path: "/api/v1/jobs/:id/retry",
      summary: "Queue a dead-lettered job of this store again, with fresh attempts",
      tags: ["jobs"],
      auth: "store",
      responses: {
        202: { description: "Queued again", schema: z.object({ retried: z.string() }) },
        404: { description: "No such dead job for this store" },
      },
      async handler({ store, params }) {
        const id = /^\d{1,18}$/.test(params.id ?? "") ? BigInt(params.id!) : undefined;
        if (id === undefined || !(await retryStoreJob(db, store, id))) {
          throw notFound({
            es: "No existe un trabajo fallido con ese número para esta tienda.",
            en: "No dead job with that id for this store.",
          });
        }
        deps.onQueued?.();
        return json({ retried: id.toString() }, 202);
      },
    }),
  ];
}
