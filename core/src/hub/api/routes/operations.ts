import { z } from "zod";
import { companyFolios } from "../../cafs/company-folios.js";
import type { Db } from "../../db/prisma-client.js";
import { listStoreJobs, retryStoreJob } from "../../jobs/store-jobs.js";
import type { Encryptor } from "../../secrets/encryptor.js";
import { json, notFound } from "../http.js";
import type { Route } from "../router.js";
import { authenticateStore } from "../store-auth.js";
import { parseQuery } from "./query.js";

export interface OperationRouteDeps {
  db: Db;
  encryptor: Encryptor;
  onQueued?: () => void;
}

const JobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  state: z.enum(["queued", "running", "done", "dead"]),
  attempts: z.number(),
  maxAttempts: z.number(),
  runAt: z.string(),
  lastError: z.string().nullable(),
  payload: z.unknown(),
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
export function operationRoutes(deps: OperationRouteDeps): Route[] {
  return [
    {
      method: "GET",
      path: "/api/v1/folios",
      doc: {
        summary: "Folios left per document type for the store's company, with low-folio and CAF-expiry warnings",
        tags: ["documents"],
        auth: "store",
        responses: {
          200: {
            description: "Folio stock and warnings",
            schema: z.object({
              stock: z.array(
                z.object({ documentType: z.number(), remaining: z.number(), expiresAt: z.string().nullable() }),
              ),
              threshold: z.number(),
              warnings: z.array(WarningSchema),
              toAnnul: z.array(z.object({ documentType: z.number(), folio: z.number(), reason: z.string() })),
            }),
          },
        },
      },
      async handler({ request }) {
        const store = await authenticateStore(deps.db, deps.encryptor, request, undefined);
        return json(await companyFolios(deps.db, store.companyId));
      },
    },
    {
      method: "GET",
      path: "/api/v1/jobs",
      doc: {
        summary: "Background jobs that concern the calling store (newest first), e.g. the dead-lettered ones",
        tags: ["jobs"],
        auth: "store",
        query: JobsQuery,
        responses: {
          200: { description: "Jobs", schema: z.object({ jobs: z.array(JobSchema) }) },
          400: { description: "Bad query" },
        },
      },
      async handler({ request, url }) {
        const store = await authenticateStore(deps.db, deps.encryptor, request, undefined);
        const query = parseQuery(JobsQuery, url);
        return json({ jobs: await listStoreJobs(deps.db, store, { state: query.state, limit: query.limit }) });
      },
    },
    {
      method: "POST",
      path: "/api/v1/jobs/:id/retry",
      doc: {
        summary: "Queue a dead-lettered job of this store again, with fresh attempts",
        tags: ["jobs"],
        auth: "store",
        responses: {
          202: { description: "Queued again", schema: z.object({ retried: z.string() }) },
          404: { description: "No such dead job for this store" },
        },
      },
      async handler({ request, params }) {
        const raw = await request.text();
        const store = await authenticateStore(deps.db, deps.encryptor, request, raw);
        const id = /^\d+$/.test(params.id ?? "") ? BigInt(params.id!) : undefined;
        if (id === undefined || !(await retryStoreJob(deps.db, store, id))) {
          throw notFound({
            es: "No existe un trabajo fallido con ese número para esta tienda.",
            en: "No dead job with that id for this store.",
          });
        }
        deps.onQueued?.();
        return json({ retried: id.toString() }, 202);
      },
    },
  ];
}
