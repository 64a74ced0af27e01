import { z } from "zod";
import type { Db } from "../../db/prisma-client.js";
import { documentLinkValid } from "../../documents/document-links.js";
import { renderDocumentPdf } from "../../documents/render-document-pdf.js";
import type { Encryptor } from "../../secrets/encryptor.js";
import { notFound } from "../http.js";
import type { Route } from "../router.js";
import { authenticateStore } from "../store-auth.js";

export interface DocumentRouteDeps {
  db: Db;
  encryptor: Encryptor;
}

const File = z.object({ id: z.uuid(), format: z.enum(["pdf", "xml"]) });
const Query = z.object({
  t: z.string().optional().describe("Link token from a signed document link; instead of the API key"),
});

const NO_DOCUMENT = { es: "No existe ese documento.", en: "No such document." };

export function documentRoutes(deps: DocumentRouteDeps): Route[] {
  return [
    {
      method: "GET",
      path: "/api/v1/documents/:file",
      doc: {
        summary:
          "A document as PDF (with its timbre) or as the signed XML sent to the SII: /api/v1/documents/{id}.pdf or .xml",
        tags: ["documents"],
        auth: "store",
        query: Query,
        responses: {
          200: { description: "The file", contentType: "application/pdf" },
          404: { description: "No such document for this store (or a bad link token)" },
        },
      },
      async handler({ request, url, params }) {
        const m = /^(.+)\.(pdf|xml)$/.exec(params.file ?? "");
        const file = File.safeParse(m ? { id: m[1], format: m[2] } : {});
        if (!file.success) throw notFound(NO_DOCUMENT);
        const { id, format } = file.data;
        const token = url.searchParams.get("t");
        // A signed link opens the document for whoever holds it; otherwise only its store may.
        let storeId: string | undefined;
        if (token === null || !documentLinkValid(deps.encryptor, id, token)) {
          storeId = (await authenticateStore(deps.db, deps.encryptor, request, undefined)).id;
        }
        const doc = await deps.db.document.findUnique({ where: { id }, include: { company: true, caf: { select: { testOnly: true } } } });
        if (!doc || (storeId !== undefined && doc.storeId !== storeId)) throw notFound(NO_DOCUMENT);
        const name = `${doc.company.rut}_T${doc.type}_F${doc.folio}.${format}`;
        const headers = {
          "content-disposition": `inline; filename="${name}"`,
          "cache-control": "private, max-age=300",
        };
        if (format === "xml") {
          return new Response(Buffer.from(doc.xml, "latin1"), {
            headers: { ...headers, "content-type": "application/xml; charset=ISO-8859-1" },
          });
        }
        const pdf = await renderDocumentPdf(doc, doc.company);
        return new Response(new Uint8Array(pdf), { headers: { ...headers, "content-type": "application/pdf" } });
      },
    },
  ];
}
