import { z } from "@hono/zod-openapi";
import { documentFile } from "../../documents/document-file.js";
import { documentLinkValid } from "../../documents/document-links.js";
import { authenticateStore } from "../store-auth.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { notFound } from "../http.js";
import type { RouteDeps } from "./deps.js";

const File = z.object({ id: z.uuid(), format: z.enum(["pdf", "xml"]) });
const Query = z.object({
  t: z
    .string()
    .max(200)
    .optional()
    .describe("Link token from a signed document link (expires); instead of the API key"),
});

const NO_DOCUMENT = { es: "No existe ese documento.", en: "No such document." };

export function documentRoutes(deps: RouteDeps): ApiRoute[] {
  return [
    apiRoute({
      method: "GET",
      path: "/api/v1/documents/:file",
      summary:
        "A document as PDF (with its timbre) or as the signed XML sent to the SII: /api/v1/documents/{id}.pdf or .xml",
      description:
        "Opens with the store's API key, or without one through a signed link (`?t=`), valid 730 days from when it was written.",
      tags: ["documents"],
      // Either credential opens it: the handler checks the link token first, then the API key.
      auth: "none",
      query: Query,
      responses: {
        200: { description: "The file (application/pdf or application/xml)", contentType: "application/pdf" },
        401: { description: "No link token and no API key" },
        404: { description: "No such document for this store (or a bad or expired link token)" },
      },
      async handler({ request, params, query }) {
        const m = /^(.+)\.(pdf|xml)$/.exec(params.file ?? "");
        const file = File.safeParse(m ? { id: m[1], format: m[2] } : {});
        if (!file.success) throw notFound(NO_DOCUMENT);
        const { id, format } = file.data;
        // A signed link opens the document for whoever holds it; otherwise only its store may.
        const linked = query.t !== undefined && documentLinkValid(deps.encryptor, id, query.t);
        const storeId = linked ? undefined : (await authenticateStore(deps.db, deps.encryptor, request, undefined)).id;
        const out = await documentFile(deps.db, id, format, storeId);
        if (!out) throw notFound(NO_DOCUMENT);
        return new Response(out.body, {
          headers: {
            "content-type": out.contentType,
            "content-disposition": `inline; filename="${out.fileName}"`,
            "cache-control": "private, max-age=300",
          },
        });
      },
    }),
  ];
}
