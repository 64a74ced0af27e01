import { findStoreOrder } from "../../hub/orders/find-order.js";
import { auditView, orderView } from "../../hub/orders/order-view.js";
import { requireString, UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

const STATE_ES: Record<string, string> = {
  issued: "emitido, por enviar al SII",
  sent: "enviado al SII, esperando respuesta",
  accepted: "aceptado por el SII",
  accepted_with_objections: "aceptado con reparos",
  rejected: "rechazado por el SII",
};

export const ordersShow: CliCommand = {
  path: ["orders", "show"],
  summary: "Show an order of a store with its documents (type, folio, SII state) and its audit log",
  usage: "orders show <externalId> --store <storeId> [--json]",
  options: { store: { type: "string" } },
  async run(args) {
    const externalId = args.positionals[0];
    if (!externalId) throw new UsageError("give the order's external id");
    const storeId = requireString(args, "store");
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
      `Order ${view.number ?? view.externalId} (${view.externalId}) — ${view.status}`,
      ...(view.customer ? [`  Cliente: ${view.customer.code}${view.customer.guest ? " (invitado)" : ""}`] : []),
      ...(reasons.length > 0 ? ["  Pending:", ...reasons.map((r) => `    - ${r.message ?? JSON.stringify(r)}`)] : []),
      view.documents.length === 0 ? "  No documents yet." : "  Documents:",
      ...view.documents.map(
        (d) =>
          `    ${d.kind === "credit_note" ? "NC " : ""}type ${d.type} folio ${d.folio}  $${d.total.toLocaleString("es-CL")}  ${STATE_ES[d.state] ?? d.state}`,
      ),
      "  Audit:",
      ...audit.map((a) => `    ${a.at}  ${a.action}  (${a.actor})`),
    ].join("\n");
    return { json: { ...view, audit }, text };
  },
};
