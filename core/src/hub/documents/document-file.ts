import type { Db } from "../db/prisma-client.js";
import { renderDocumentPdf } from "./render-document-pdf.js";

/** A document as the file a buyer or store downloads; undefined when it is not that store's. */
export async function documentFile(
  db: Db,
  id: string,
  format: "pdf" | "xml",
  storeId: string | undefined,
): Promise<{ body: Uint8Array<ArrayBuffer>; contentType: string; fileName: string } | undefined> {
  const doc = await db.document.findUnique({ where: { id }, include: { company: true, caf: { select: { testOnly: true } } } });
  if (!doc || (storeId !== undefined && doc.storeId !== storeId)) return undefined;
  const fileName = `${doc.company.rut}_T${doc.type}_F${doc.folio}.${format}`;
  if (format === "xml") {
    return {
      body: new Uint8Array(Buffer.from(doc.xml, "latin1")),
      contentType: "application/xml; charset=ISO-8859-1",
      fileName,
    };
  }
  const pdf = await renderDocumentPdf(doc, doc.company);
  return { body: new Uint8Array(pdf), contentType: "application/pdf", fileName };
}
