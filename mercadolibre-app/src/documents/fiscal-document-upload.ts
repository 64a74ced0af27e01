import { RetryLater, type DocumentNotice, type DocumentWriteBackPort } from "@timbre/core/platform-parts";
import { z } from "zod";
import type { MeliClient } from "../client/meli-client.js";
import { isMeliApiError } from "../client/meli-error.js";
import { isFullShipment } from "../orders/map-sale.js";
import { readShipment } from "../orders/read-sale.js";
import { saleShipmentId } from "../shipments/fulfillment-port.js";

/** ML's limit per file (research A4: "max 1 MB"): read as 10^6 bytes to stay clear of either meaning. */
export const MAX_UPLOAD_BYTES = 1_000_000;
/** An upload claimed this long ago with no answer recorded is taken over (its worker died). */
const CLAIM_LEASE_MS = 2 * 60_000;

/** What Document.writeBack keeps for Mercado Libre. */
export const UploadRecordSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("uploading"), since: z.number() }),
  z.object({ status: z.literal("uploaded"), packId: z.string(), ids: z.array(z.string()), at: z.number() }),
  z.object({ status: z.literal("full"), at: z.number() }),
  z.object({ status: z.literal("refused"), message: z.string(), at: z.number() }),
  z.object({ status: z.literal("too_large"), bytes: z.number(), at: z.number() }),
  z.object({ status: z.literal("deleted"), ids: z.array(z.string()), at: z.number() }),
]);
export type UploadRecord = z.output<typeof UploadRecordSchema>;

export interface MerchantProblems {
  report(p: { code: string; message: string; orderExternalId?: string; detail?: string }): Promise<void>;
  resolve(code: string, orderExternalId?: string): Promise<void>;
}

export const PROBLEM = {
  full: "mercadolibre.full_pack",
  refused: "mercadolibre.upload_refused",
  tooLarge: "mercadolibre.pdf_too_large",
} as const;

/** "BOLETA ELECTRÓNICA" 12 → "boleta-electronica-12.pdf": plain ASCII, what the buyer downloads. */
export function fileName(n: Pick<DocumentNotice, "typeName" | "folio">, ext: "pdf" | "xml"): string {
  const base = n.typeName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${base}-${n.folio}.${ext}`;
}

const label = (n: Pick<DocumentNotice, "typeName" | "folio">) =>
  `${n.typeName.charAt(0)}${n.typeName.slice(1).toLowerCase()} N° ${n.folio}`;

const FiscalDocumentsSchema = z.object({
  fiscal_documents: z
    .array(
      z
        .object({ id: z.union([z.string(), z.number()]).transform(String), filename: z.string().nullish() })
        .passthrough(),
    )
    .default([]),
});

/**
 * The document goes to the sale on Mercado Libre, which shows it to the buyer and e-mails them:
 * `POST /packs/{pack_id}/fiscal_documents` (the order id when the sale has no pack), multipart
 * `fiscal_document` with the PDF and its XML, each ≤ 1 MB. Once per document: the upload is
 * claimed on the document (compare-and-set), an earlier attempt that may have landed is looked for
 * by file name before sending again, and the ids ML returns are kept. Full sales cannot take uploads
 * in Chile and are shown to the merchant as such; a document the SII rejects is taken down.
 */
export function meliDocumentPort(
  client: MeliClient,
  deps: { problems: MerchantProblems; now?: () => number },
): DocumentWriteBackPort {
  const now = deps.now ?? Date.now;
  return {
    async documentChanged(n) {
      const saleId = n.orderExternalId;
      const parsed = UploadRecordSchema.safeParse(n.writeBack);
      const record = parsed.success ? parsed.data : null;
      const swap = async (next: UploadRecord | null, expected: unknown = n.writeBack ?? null) => {
        if (!n.swapWriteBack) return true;
        return n.swapWriteBack(expected, next);
      };

      if (n.state === "rejected") {
        if (record?.status !== "uploaded") return;
        for (const id of record.ids) {
          await client.request({
            method: "DELETE",
            path: `/packs/${encodeURIComponent(record.packId)}/fiscal_documents/${encodeURIComponent(id)}`,
            expect: [404],
          });
        }
        await swap({ status: "deleted", ids: record.ids, at: now() });
        return;
      }
      if (record && record.status !== "uploading") return;
      if (record?.status === "uploading" && now() - record.since < CLAIM_LEASE_MS) {
        throw new RetryLater(CLAIM_LEASE_MS, "another write-back is uploading this document");
      }
      const claim: UploadRecord = { status: "uploading", since: now() };
      if (!(await swap(claim))) throw new RetryLater(5_000, "the document's write-back changed meanwhile");

      const settle = async (next: UploadRecord) => {
        await swap(next, claim);
      };

      const shipmentId = await saleShipmentId(client, saleId);
      const shipment = shipmentId ? await readShipment(client, shipmentId) : undefined;
      if (isFullShipment(shipment)) {
        await deps.problems.report({
          code: PROBLEM.full,
          orderExternalId: saleId,
          message: `Venta Full ${saleId}: Mercado Libre no permite adjuntar documentos a las ventas Full en Chile. La ${label(n)} está emitida y enviada al SII; puede descargarla desde Timbre.`,
        });
        await settle({ status: "full", at: now() });
        return;
      }

      const pdfName = fileName(n, "pdf");
      const listed = await client.request({
        method: "GET",
        path: `/packs/${encodeURIComponent(saleId)}/fiscal_documents`,
        expect: [404],
      });
      const existing = listed.status === 404 ? [] : FiscalDocumentsSchema.parse(listed.body ?? {}).fiscal_documents;
      const ours = existing.filter((d) => d.filename === pdfName || d.filename === fileName(n, "xml"));
      if (ours.length > 0) {
        await settle({ status: "uploaded", packId: saleId, ids: ours.map((d) => d.id), at: now() });
        return;
      }

      const pdf = await n.pdf();
      if (pdf.length > MAX_UPLOAD_BYTES) {
        await deps.problems.report({
          code: PROBLEM.tooLarge,
          orderExternalId: saleId,
          message: `El PDF de la ${label(n)} pesa ${(pdf.length / 1_000_000).toFixed(1)} MB y Mercado Libre acepta hasta 1 MB: no se adjuntó a la venta. Descárguelo desde Timbre.`,
        });
        await settle({ status: "too_large", bytes: pdf.length, at: now() });
        return;
      }
      const xml = n.xml ? await n.xml() : undefined;
      const form = new FormData();
      form.append("fiscal_document", new Blob([new Uint8Array(pdf)], { type: "application/pdf" }), pdfName);
      if (xml && xml.length <= MAX_UPLOAD_BYTES)
        form.append(
          "fiscal_document",
          new Blob([new Uint8Array(xml)], { type: "application/xml" }),
          fileName(n, "xml"),
        );

      let answer;
      try {
        answer = await client.request<{ ids?: unknown[] }>({
          method: "POST",
          path: `/packs/${encodeURIComponent(saleId)}/fiscal_documents`,
          form,
        });
      } catch (e) {
        if (isMeliApiError(e) && e.status >= 400 && e.status < 500 && e.status !== 401) {
          const why = e.body.message ?? e.body.error ?? `HTTP ${e.status}`;
          await deps.problems.report({
            code: PROBLEM.refused,
            orderExternalId: saleId,
            message:
              n.kind === "credit_note"
                ? `Mercado Libre no aceptó la ${label(n)} en la venta ${saleId} (acepta un documento por venta): está emitida y disponible en Timbre.`
                : `Mercado Libre no aceptó la ${label(n)} en la venta ${saleId}: ${why}.`,
            detail: e.detail ?? why,
          });
          await settle({ status: "refused", message: String(why).slice(0, 300), at: now() });
          return;
        }
        // No answer, or a server error: the upload may have landed. The retry looks for it first.
        await settle({ status: "uploading", since: 0 });
        throw e;
      }
      const ids = (answer.body?.ids ?? []).map(String);
      await settle({ status: "uploaded", packId: saleId, ids, at: now() });
      await deps.problems.resolve(PROBLEM.refused, saleId);
    },
  };
}
