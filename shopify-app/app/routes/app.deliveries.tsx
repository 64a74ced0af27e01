import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import {
  completeDelivery,
  DeliveryFilterSchema,
  failDelivery,
  listCouriers,
  listDeliveries,
  reassignDelivery,
  serviceDay,
  shipWithCarrier,
  validate,
  type DeliveryView,
} from "@timbre/core/admin";
import { day, dayTime } from "@timbre/core/labels";
import { useState } from "react";
import { z } from "zod";
import { failure, notConnected, shopAdmin, success, type ActionResult } from "../admin/admin-context.server";
import { text } from "../admin/form-values";
import { translator, type Lang } from "../admin/i18n";
import { clp, NotConnectedPage, ResultBanner } from "../admin/ui";

// The same limits the CLI and the sync API put on these fields.
const ShipSchema = z.object({
  trackingNumber: z.string().trim().min(1).max(100),
  carrier: z.string().trim().min(1).max(60).optional(),
});
const FailSchema = z.object({ reason: z.string().trim().min(1).max(500) });

/** Today's deliveries and every one still pending or failed: what the merchant has to act on. */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang } = await shopAdmin(request, context);
  if (!store) return { lang, connected: false as const, today: "", deliveries: [], couriers: [] };
  const scope = { companyId: store.companyId, storeId: store.id };
  const today = serviceDay(new Date());
  const [ofToday, pending, failed, couriers] = await Promise.all([
    listDeliveries(hub.db, scope, DeliveryFilterSchema.parse({ day: today, limit: 200 })),
    listDeliveries(hub.db, scope, DeliveryFilterSchema.parse({ state: "pending", limit: 200 })),
    listDeliveries(hub.db, scope, DeliveryFilterSchema.parse({ state: "failed", limit: 100 })),
    listCouriers(hub.db, store.companyId),
  ]);
  const byId = new Map<string, DeliveryView>();
  for (const d of [...pending, ...failed, ...ofToday]) byId.set(d.id, d);
  // What needs a hand first: pending and failed, then the rest of today's.
  const rank = { pending: 0, failed: 1, assigned: 2, picked_up: 3, delivered: 4 } as const;
  const deliveries = [...byId.values()].sort(
    (a, b) => rank[a.state] - rank[b.state] || a.serviceDay.localeCompare(b.serviceDay),
  );
  return {
    lang,
    connected: true as const,
    today,
    deliveries,
    couriers: couriers.filter((c) => c.active).map((c) => ({ id: c.id, name: c.name })),
  };
};

export const action = async ({ request, context }: ActionFunctionArgs): Promise<ActionResult> => {
  const { hub, store, actor } = await shopAdmin(request, context);
  if (!store) return notConnected();
  const form = await request.formData();
  const companyId = store.companyId;
  const deliveryId = text(form, "delivery");
  try {
    switch (text(form, "intent")) {
      case "assign": {
        const courier = text(form, "courier");
        const d = await reassignDelivery(
          hub.db,
          companyId,
          deliveryId,
          { courierId: courier && courier !== "auto" ? courier : undefined },
          actor,
        );
        return d.courier
          ? success(
              `Entrega ${d.code} asignada a ${d.courier.name} para el ${day(d.serviceDay)}.`,
              `Delivery ${d.code} assigned to ${d.courier.name} for ${day(d.serviceDay)}.`,
            )
          : success(
              `La entrega ${d.code} sigue pendiente: ${d.pendingReason?.message ?? ""} ${d.pendingReason?.action ?? ""}`.trim(),
              `Delivery ${d.code} is still pending: ${d.pendingReason?.message ?? ""}`.trim(),
            );
      }
      case "ship": {
        const carrier = text(form, "carrier");
        const input = validate(ShipSchema, {
          trackingNumber: text(form, "tracking"),
          ...(carrier ? { carrier } : {}),
        });
        const d = await shipWithCarrier(hub.db, companyId, { deliveryId, ...input }, actor);
        return success(
          `Entrega ${d.code} enviada${d.carrier ? ` por ${d.carrier}` : ""}, seguimiento N° ${d.trackingNumber ?? ""}: la tienda la muestra enviada.`,
          `Delivery ${d.code} shipped${d.carrier ? ` with ${d.carrier}` : ""}, tracking number ${d.trackingNumber ?? ""}.`,
        );
      }
      case "fail": {
        const { reason } = validate(FailSchema, { reason: text(form, "reason") });
        const d = await failDelivery(hub.db, companyId, { deliveryId, reason }, actor);
        return success(
          `Entrega ${d.code} marcada como no entregada: ${reason}. Puede asignarla otra vez.`,
          `Delivery ${d.code} marked as failed: ${reason}. You can assign it again.`,
        );
      }
      case "deliver": {
        const receiverName = text(form, "receiver");
        const r = await completeDelivery(
          hub.db,
          companyId,
          { deliveryId, proof: { clientId: `admin:${deliveryId}`, ...(receiverName ? { receiverName } : {}) } },
          actor,
        );
        return success(`Entrega ${r.delivery.code} confirmada.`, `Delivery ${r.delivery.code} confirmed.`);
      }
      default:
        return notConnected();
    }
  } catch (e) {
    return failure(e);
  }
};

/** The delivery's state as one sentence a merchant reads. */
function stateSentence(d: DeliveryView, lang: Lang): string {
  const t = translator(lang);
  const when = day(d.serviceDay);
  switch (d.state) {
    case "pending":
      if (d.pendingReason) return `${t("Pendiente", "Pending")}: ${d.pendingReason.message} ${d.pendingReason.action}`;
      if (d.mode === "pickup")
        return t(
          "Espera que el comprador la retire en la tienda.",
          "Waiting for the buyer to pick it up at the store.",
        );
      if (d.mode === "carrier")
        return t(
          `Espera que ${d.carrier ?? "el transportista"} la retire: registre el número de seguimiento.`,
          `Waiting for ${d.carrier ?? "the carrier"} to pick it up: record the tracking number.`,
        );
      return t("Pendiente: aún sin repartidor.", "Pending: no courier yet.");
    case "assigned":
      return t(
        `Asignada a ${d.courier?.name ?? "un repartidor"} para el ${when}.`,
        `Assigned to ${d.courier?.name ?? "a courier"} for ${when}.`,
      );
    case "picked_up":
      return d.mode === "carrier"
        ? t(
            `Enviada${d.carrier ? ` por ${d.carrier}` : ""}, seguimiento N° ${d.trackingNumber ?? "—"}.`,
            `Shipped${d.carrier ? ` with ${d.carrier}` : ""}, tracking number ${d.trackingNumber ?? "—"}.`,
          )
        : t(
            `En camino con ${d.courier?.name ?? "el repartidor"}.`,
            `On its way with ${d.courier?.name ?? "the courier"}.`,
          );
    case "delivered":
      return t(
        `Entregada el ${dayTime(d.deliveredAt)}${d.proof?.receiverName ? `; recibió ${d.proof.receiverName}` : ""}.`,
        `Delivered on ${dayTime(d.deliveredAt)}${d.proof?.receiverName ? `; received by ${d.proof.receiverName}` : ""}.`,
      );
    case "failed":
      return t(
        `No se pudo entregar${d.failureReason ? `: ${d.failureReason}` : ""}. Asígnela otra vez.`,
        `Could not be delivered${d.failureReason ? `: ${d.failureReason}` : ""}. Assign it again.`,
      );
  }
}

const TONES = {
  pending: "attention",
  failed: "critical",
  assigned: "info",
  picked_up: "info",
  delivered: "success",
} as const;
const STATE_NAMES = {
  pending: { es: "Pendiente", en: "Pending" },
  assigned: { es: "Asignada", en: "Assigned" },
  picked_up: { es: "En camino", en: "On its way" },
  delivered: { es: "Entregada", en: "Delivered" },
  failed: { es: "No entregada", en: "Failed" },
} as const;
const MODE_NAMES = {
  own_courier: { es: "reparto propio", en: "own couriers" },
  carrier: { es: "transportista", en: "carrier" },
  pickup: { es: "retiro en tienda", en: "store pickup" },
} as const;

function Hidden({ intent, id }: { intent: string; id: string }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="delivery" value={id} />
    </>
  );
}

function DeliveryRow({
  d,
  lang,
  busy,
  couriers,
}: {
  d: DeliveryView;
  lang: Lang;
  busy: boolean;
  couriers: Array<{ id: string; name: string }>;
}) {
  const t = translator(lang);
  const [courier, setCourier] = useState("auto");
  const [carrier, setCarrier] = useState(d.carrier ?? "");
  const [tracking, setTracking] = useState("");
  const [reason, setReason] = useState("");
  const own = d.mode === "own_courier";
  const canAssign = own && ["pending", "assigned", "failed"].includes(d.state);
  const canShip = d.mode === "carrier" && ["pending", "picked_up"].includes(d.state);
  const canFail =
    (own && ["assigned", "picked_up"].includes(d.state)) || (d.mode === "carrier" && d.state === "picked_up");
  const canConfirm =
    (d.mode === "pickup" && d.state === "pending") || (d.mode === "carrier" && d.state === "picked_up");
  const address = [d.recipient.line1, d.comuna?.name ?? d.recipient.comuna].filter(Boolean).join(", ");
  return (
    <div className="delivery" data-code={d.code}>
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center" wrap>
          <Text as="span" fontWeight="semibold">
            {t("Pedido", "Order")} {d.order.number ?? d.order.externalId}
          </Text>
          <Badge tone={TONES[d.state]}>{STATE_NAMES[d.state][lang]}</Badge>
          <Text as="span" tone="subdued">
            {t("Entrega", "Delivery")} {d.code} · {day(d.serviceDay)} · {MODE_NAMES[d.mode][lang]}
          </Text>
        </InlineStack>
        <Text as="p">{stateSentence(d, lang)}</Text>
        <Text as="p" tone="subdued">
          {d.recipient.name ? `${d.recipient.name} · ` : ""}
          {address}
          {own && d.zone ? ` · ${t("zona", "zone")} ${d.zone.name}` : ""}
          {d.fee !== null ? ` · ${t("despacho", "shipping")} ${clp(d.fee)}` : ""}
          {d.commission !== null ? ` · ${t("comisión", "commission")} ${clp(d.commission)}` : ""}
        </Text>
        {own && ["assigned", "picked_up"].includes(d.state) ? (
          <Text as="p" tone="subdued">
            {t(
              "La entrega se cierra desde el teléfono del repartidor, con la foto de la entrega.",
              "The delivery is closed from the courier's phone, with the delivery photo.",
            )}
          </Text>
        ) : null}
        {canAssign ? (
          <Form method="post" className="assign-form">
            <Hidden intent="assign" id={d.id} />
            <InlineStack gap="200" blockAlign="end" wrap>
              <Select
                label={t("Repartidor", "Courier")}
                name="courier"
                options={[
                  { value: "auto", label: t("Según la regla de asignación", "By the assignment rule") },
                  ...couriers.map((c) => ({ value: c.id, label: c.name })),
                ]}
                value={courier}
                onChange={setCourier}
              />
              <Button submit disabled={busy}>
                {t("Asignar", "Assign")}
              </Button>
            </InlineStack>
          </Form>
        ) : null}
        {canShip ? (
          <Form method="post" className="ship-form">
            <Hidden intent="ship" id={d.id} />
            <InlineStack gap="200" blockAlign="end" wrap>
              <TextField
                label={t("Transportista", "Carrier")}
                name="carrier"
                value={carrier}
                onChange={setCarrier}
                autoComplete="off"
                placeholder="Starken"
              />
              <TextField
                label={t("Número de seguimiento", "Tracking number")}
                name="tracking"
                value={tracking}
                onChange={setTracking}
                autoComplete="off"
              />
              <Button submit disabled={busy}>
                {t("Marcar enviada", "Mark shipped")}
              </Button>
            </InlineStack>
          </Form>
        ) : null}
        {canConfirm ? (
          <Form method="post" className="deliver-form">
            <Hidden intent="deliver" id={d.id} />
            <Button submit disabled={busy}>
              {d.mode === "pickup"
                ? t("El comprador la retiró", "The buyer picked it up")
                : t("Confirmar entrega", "Confirm delivery")}
            </Button>
          </Form>
        ) : null}
        {canFail ? (
          <Form method="post" className="fail-form">
            <Hidden intent="fail" id={d.id} />
            <InlineStack gap="200" blockAlign="end" wrap>
              <TextField
                label={t("Motivo", "Reason")}
                name="reason"
                value={reason}
                onChange={setReason}
                autoComplete="off"
                placeholder={t("No había nadie en el domicilio", "Nobody was home")}
              />
              <Button submit tone="critical" disabled={busy}>
                {t("Marcar no entregada", "Mark failed")}
              </Button>
            </InlineStack>
          </Form>
        ) : null}
      </BlockStack>
    </div>
  );
}

export default function Deliveries() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = translator(data.lang);
  const title = t("Entregas", "Deliveries");
  if (!data.connected) {
    return <NotConnectedPage title={title} lang={data.lang} />;
  }
  return (
    <Page title={title}>
      <BlockStack gap="400">
        <ResultBanner result={result} lang={data.lang} />
        <Card>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              {t(
                `Las entregas de hoy (${day(data.today)}) y todas las que siguen pendientes o no se pudieron entregar.`,
                `Today's deliveries (${day(data.today)}) and every one still pending or failed.`,
              )}
            </Text>
            {data.deliveries.length === 0 ? (
              <Text as="p">
                {t("No hay entregas para hoy ni pendientes.", "No deliveries today and none pending.")}
              </Text>
            ) : (
              <div id="deliveries">
                <BlockStack gap="500">
                  {data.deliveries.map((d) => (
                    <DeliveryRow key={d.id} d={d} lang={data.lang} busy={busy} couriers={data.couriers} />
                  ))}
                </BlockStack>
              </div>
            )}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
