import { findStoreOrder } from "../../hub/orders/find-order.js";
import { auditActor, auditSentence } from "../../hub/audit/describe-audit.js";
import { auditView, orderView } from "../../hub/orders/order-view.js";
import { documentLabel } from "../../rules/dte/types.js";
import { dayTime } from "../../rules/dates.js";
import { requireString, UsageError, type CliCommand, requireId } from "../command.js";
import { withHub } from "../hub-session.js";

const ORDER_STATUS_ES: Record<string, string> = {
  pending: "pendiente de pago",
  paid: "pagado",
  cancelled: "anulado",
  refunded: "reembolsado",
  partially_refunded: "reembolsado en parte",
  delivered: "entregado",
};

const STATE_ES: Record<string, string> = {
  issued: "emitido, por enviar al SII",
  sent: "enviado al SII, esperando respuesta",
  accepted: "aceptado por el SII",
  accepted_with_objections: "aceptado con reparos",
  rejected: "rechazado por el SII",
};

export const ordersShow: CliCommand = {
  path: ["orders", "show"],
  summary: "Muestra un pedido de una tienda con sus documentos (tipo, folio, estado en el SII) y su historial",
  usage: "orders show <externalId> --store <storeId> [--json]",
  options: { store: { type: "string" } },
  async run(args) {
    const externalId = args.positionals[0];
    if (!externalId)
      throw new UsageError("indique el id del pedido en la tienda: timbre orders show <id> --store <storeId>");
    const storeId = requireId(requireString(args, "store"), "tienda", "los imprime `timbre store list`");
    const { view, audit } = await withHub(async (hub) => {
      const order = await findStoreOrder(hub.db, storeId, externalId);
      const events = await hub.db.auditEvent.findMany({
        where: { subjectType: "order", subjectId: order.id },
        orderBy: { id: "asc" },
      });
      return { view: orderView(order, order.documents, { customer: order.customer }), audit: events.map(auditView) };
    });
    const reasons = view.pendingReasons as Array<{ message?: string }>;
    const text = [
      `Pedido ${view.number ?? view.externalId} — ${ORDER_STATUS_ES[view.status] ?? view.status}`,
      ...(reasons.length > 0 ? ["  Pendiente:", ...reasons.map((r) => `    - ${r.message ?? "sin detalle"}`)] : []),
      view.documents.length === 0 ? "  Aún sin documentos." : "  Documentos:",
      ...view.documents.map(
        (d) =>
          `    ${documentLabel(d.type, d.folio)}  $${d.total.toLocaleString("es-CL")}  ${STATE_ES[d.state] ?? d.state}`,
      ),
      "  Historial:",
      ...audit.map((a) => `    ${dayTime(a.at)}  ${auditSentence(a)} (${auditActor(a.actor)})`),
    ].join("\n");
    return { json: { ...view, audit }, text };
  },
};
