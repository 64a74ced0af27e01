import type { OrderStatus, Prisma } from "@prisma/client";
import { z } from "zod";
import { isTimbreError } from "../../errors.js";
import { siiDate } from "../../rules/dte/time.js";
import { saleDocumentRequest, type IssuerData } from "../../rules/order/document-request.js";
import { decideDocument, type PendingReason } from "../../rules/order/issuing-policy.js";
import { currentSale } from "../../rules/order/reissue.js";
import { remainingToRefund, type RecordedRefund, type RefundableLine } from "../../rules/order/refund-request.js";
import type { Buyer, OrderLine } from "../../rules/order/normalized-order.js";
import { recordAudit } from "../audit/record-audit.js";
import { LeaseLost, PermanentFailure, type JobHandler } from "../jobs/worker.js";
import { enqueue } from "../jobs/job-queue.js";
import { PROCESS_REFUND_JOB } from "../orders/record-refund.js";
import { PROCESS_ORDER_JOB } from "../orders/ingest-order.js";
import { reservationAction, type PlatformHold } from "../../rules/stock/reservation-policy.js";
import { folioStock } from "./allocate-folio.js";
import { readStoreSettings } from "../stores/store-settings.js";
import { companyResolution } from "./company-resolution.js";
import { issueDocument } from "./issue-document.js";
import type { PipelineDeps } from "./pipeline-deps.js";

const Payload = z.object({ orderId: z.uuid() });
const PlatformHoldSchema = z.enum(["payment_review", "suspected_fraud", "on_hold"]);

export function issuerData(c: {
  rut: string;
  businessName: string;
  activity: string;
  actecos: number[];
  address: string;
  commune: string;
  city: string;
  email: string | null;
  resolutionNumber: number;
  resolutionDate: Date | null;
}): IssuerData {
  return { ...c, resolutionDate: companyResolution(c).date };
}

/**
 * `order.process`: decides what the order needs now (pure rules) and does it. Runs after every
 * change to the order (ingest, delivery, merchant action), so it must be, and is, idempotent.
 */
export function processOrderJob(deps: PipelineDeps): JobHandler {
  const process = processOrder(deps);
  return async (payload, ctx) => {
    const parsed = Payload.safeParse(payload);
    if (!parsed.success) throw new PermanentFailure("order.process payload without orderId");
    try {
      await process(parsed.data.orderId);
    } catch (e) {
      // A job that can never succeed must not fail only in a queue: on its last attempt (or when
      // retrying cannot help) the order says so, where the merchant looks (admin, API, CLI).
      const retryable = isTimbreError(e) ? e.retryable : !(e instanceof PermanentFailure);
      const last = ctx.job.attempts >= ctx.job.maxAttempts;
      if ((last || !retryable) && !(e instanceof LeaseLost)) await showGaveUp(deps.db, parsed.data.orderId, e);
      throw e;
    }
  };
}

/** What the merchant reads when the hub gave up on an order (the internal detail stays in the log). */
async function showGaveUp(db: PipelineDeps["db"], orderId: string, e: unknown): Promise<void> {
  const order = await db.order.findUnique({ where: { id: orderId }, include: { store: true } });
  if (!order) return;
  const known = isTimbreError(e) ? ` (${e.user.es})` : "";
  const reasons = (order.pendingReasons as unknown as PendingReason[]).filter((r) => r.code !== "cannot_process");
  await setPending(db, order, [
    ...reasons,
    {
      code: "cannot_process",
      message: `Timbre no pudo procesar este pedido después de varios intentos y dejó de reintentar${known}.`,
      action:
        "Revise los datos del pedido y pulse «Emitir ahora» (o `timbre orders issue`); si vuelve a fallar, contacte a soporte.",
    },
  ]);
}

function processOrder(deps: PipelineDeps): (orderId: string) => Promise<void> {
  return async (orderId) => {
    const { db } = deps;
    const order = await db.order.findUnique({
      where: { id: orderId },
      include: {
        store: { include: { company: true } },
        documents: { orderBy: { createdAt: "asc" } },
        refunds: { include: { document: { select: { id: true } } } },
      },
    });
    if (!order) return;
    const company = order.store.company;
    const lines = order.lines as unknown as OrderLine[];
    const shipping = order.shipping as { name: string; price: number; exempt?: boolean } | null;
    const settings = readStoreSettings(order.store.settings);
    const sales = order.documents.filter((d) => d.kind === "sale");
    // After a re-issue (boleta annulled for a factura) the annulled boleta no longer counts.
    const sale = currentSale(
      sales,
      order.refunds.map((r) => ({ externalId: r.externalId, hasCreditNote: r.document !== null })),
    );

    // Consuming is idempotent and runs on every attempt: a crash between issuing the document and
    // consuming its stock must not leave the reservation held forever.
    if (sale && deps.stock) await db.$transaction((tx) => deps.stock!.consume(tx, order.id));

    if (order.status === "cancelled" && sale) {
      await cancelAfterIssue(
        db,
        order.id,
        lines,
        shipping,
        order.refunds.map((r) => ({
          externalId: r.externalId,
          lines: r.lines as unknown as RefundableLine[],
          shipping: r.shipping,
        })),
      );
      return;
    }
    const now = deps.now?.() ?? new Date();
    const hold = PlatformHoldSchema.safeParse(order.hold).data ?? null;
    if (deps.stock) {
      await applyReservation(deps, order, now, settings.unpaidHoldHours, hold, sale !== undefined);
    }

    const skus = lines.flatMap((l) => (l.sku ? [l.sku] : []));
    const [stock, certificate, skuProblems] = await Promise.all([
      db.$transaction((tx) => folioStock(tx, company.id, now)),
      db.certificate.findFirst({ where: { companyId: company.id, active: true, notAfter: { gt: now } } }),
      deps.stock
        ? db.$transaction((tx) => deps.stock!.skuProblems(tx, { id: order.storeId, companyId: company.id }, skus))
        : Promise.resolve({ unknown: [], duplicated: [] }),
    ]);
    const decision = decideDocument({
      status: order.status,
      buyer: order.buyer as unknown as Buyer,
      lines,
      shippingExempt: shipping && shipping.price > 0 ? (shipping.exempt ?? false) : undefined,
      trigger: settings.issueOn,
      defaultDocument: settings.defaultDocument,
      delivered: order.deliveredAt !== null,
      override:
        order.documentOverride === "boleta" || order.documentOverride === "factura"
          ? order.documentOverride
          : undefined,
      hasSaleDocument: sale !== undefined,
      hold,
      skuProblems,
      usableTypes: new Set(stock.filter((s) => s.remaining > 0).map((s) => s.documentType)),
      hasCertificate: certificate !== null,
    });

    if (decision.action === "pending") {
      await setPending(db, order, decision.reasons);
      return;
    }
    if (decision.action !== "issue") {
      if ((order.pendingReasons as unknown[]).length > 0) await setPending(db, order, []);
      return;
    }
    const request = saleDocumentRequest({
      company: issuerData(company),
      type: decision.type,
      receiver: decision.receiver,
      order: { lines, shipping, pricesIncludeTax: order.pricesIncludeTax },
      issueDate: siiDate(now),
    });
    try {
      const { document, created } = await issueDocument(deps, {
        companyId: company.id,
        storeId: order.storeId,
        orderId: order.id,
        idempotencyKey: `${order.storeId}:${order.externalId}:sale:${sales.length + 1}`,
        kind: "sale",
        request,
        receiver: decision.receiver,
        actor: "hub",
      });
      if (deps.stock) await db.$transaction((tx) => deps.stock!.consume(tx, order.id));
      if (created && decision.notes.length > 0) {
        await recordAudit(db, {
          companyId: company.id,
          storeId: order.storeId,
          subjectType: "order",
          subjectId: order.id,
          action: "document.note",
          actor: "hub",
          data: { documentId: document.id, notes: decision.notes },
        });
      }
      if ((order.pendingReasons as unknown[]).length > 0) await setPending(db, order, []);
    } catch (e) {
      // A merchant can fix what the rules caught late (CAF run out, data the SII would refuse):
      // show it on the order instead of failing silently in a queue.
      if (isTimbreError(e) && (e.kind === "invalid_input" || e.kind === "configuration")) {
        await setPending(db, order, [
          {
            code: e.kind === "configuration" ? "no_caf" : "factura_data",
            message: e.user.es,
            action: "Corrija el dato indicado y vuelva a emitir.",
          },
        ]);
        return;
      }
      throw e;
    }
  };
}

/**
 * Holds or gives back the order's stock as rules/stock/reservation-policy.ts says: an unpaid order
 * reserves until it expires (this job runs again then), one in review keeps it, a cancelled one
 * releases it.
 */
async function applyReservation(
  deps: PipelineDeps,
  order: { id: string; storeId: string; status: OrderStatus; lines: Prisma.JsonValue; createdAt: Date },
  now: Date,
  unpaidHoldHours: number,
  hold: PlatformHold | null,
  hasSaleDocument: boolean,
): Promise<void> {
  const stock = deps.stock!;
  const step = reservationAction({
    status: order.status,
    hold,
    hasSaleDocument,
    placedAt: order.createdAt,
    now,
    unpaidHoldHours,
  });
  if (step.action === "release") await deps.db.$transaction((tx) => stock.release(tx, order.id));
  if (step.action !== "reserve") return;
  await deps.db.$transaction(async (tx) => {
    await stock.reserve(tx, { id: order.id, storeId: order.storeId, lines: order.lines });
    if (step.expiresAt) {
      await enqueue(tx, {
        kind: PROCESS_ORDER_JOB,
        payload: { orderId: order.id },
        runAt: step.expiresAt,
        dedupeKey: `${PROCESS_ORDER_JOB}:expiry:${order.id}`,
      });
    }
  });
}

async function setPending(
  db: PipelineDeps["db"],
  order: { id: string; storeId: string; pendingReasons: Prisma.JsonValue; store: { companyId: string } },
  reasons: PendingReason[],
): Promise<void> {
  if (JSON.stringify(order.pendingReasons) === JSON.stringify(reasons)) return;
  await db.$transaction(async (tx) => {
    await tx.order.update({
      where: { id: order.id },
      data: { pendingReasons: reasons as unknown as Prisma.InputJsonArray },
    });
    await recordAudit(tx, {
      companyId: order.store.companyId,
      storeId: order.storeId,
      subjectType: "order",
      subjectId: order.id,
      action: reasons.length > 0 ? "order.pending" : "order.unblocked",
      actor: "hub",
      data: { reasons: reasons.map((r) => r.message) },
    });
  });
}

/**
 * A cancellation after the document was issued: whatever earlier refunds did not give back becomes
 * one more refund (and so one nota de crédito). Recorded under a fixed id, so it happens once.
 */
async function cancelAfterIssue(
  db: PipelineDeps["db"],
  orderId: string,
  lines: OrderLine[],
  shipping: { price: number } | null,
  refunds: RecordedRefund[],
): Promise<void> {
  const { lines: remaining, shipping: shippingLeft } = remainingToRefund(
    lines,
    refunds,
    !!shipping && shipping.price > 0,
  );
  if (remaining.length === 0 && !shippingLeft) return;
  await db.$transaction(async (tx) => {
    const refund = await tx.refund.upsert({
      where: { orderId_externalId: { orderId, externalId: "cancellation" } },
      create: {
        orderId,
        externalId: "cancellation",
        reason: "Pedido anulado",
        lines: remaining,
        shipping: shippingLeft,
      },
      update: {},
    });
    await enqueue(tx, {
      kind: PROCESS_REFUND_JOB,
      payload: { refundId: refund.id },
      dedupeKey: `${PROCESS_REFUND_JOB}:${refund.id}`,
    });
  });
}
