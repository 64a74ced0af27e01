import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import {
  CourierInputSchema,
  hubBaseUrl,
  issueLoginLink,
  listCouriers,
  listShippingMethods,
  listZones,
  runTransaction,
  saveCourier,
  saveShippingMethod,
  ShippingMethodInputSchema,
  updateCourier,
  validate,
  type CourierView,
} from "@timbre/core/admin";
import { useState } from "react";
import { failure, notConnected, shopAdmin, success, type ActionResult } from "../admin/admin-context.server";
import { text, whole } from "../admin/form-values";
import { translator, type Lang } from "../admin/i18n";
import { NotConnectedPage, ResultBanner } from "../admin/ui";

/** Couriers of the store's company: who delivers, where, how many a day, and their sign-in link. */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang } = await shopAdmin(request, context);
  if (!store) return { lang, connected: false as const, couriers: [], zones: [], methods: [] };
  const [couriers, zones, methods] = await Promise.all([
    listCouriers(hub.db, store.companyId),
    listZones(hub.db, store.companyId),
    listShippingMethods(hub.db, store.id),
  ]);
  return { lang, connected: true as const, couriers, zones: zones.map((z) => z.name), methods };
};

export const action = async ({ request, context }: ActionFunctionArgs): Promise<ActionResult> => {
  const { hub, store, actor } = await shopAdmin(request, context);
  if (!store) return notConnected();
  const form = await request.formData();
  const companyId = store.companyId;
  try {
    switch (text(form, "intent")) {
      case "method": {
        const carrier = text(form, "carrier");
        const input = validate(ShippingMethodInputSchema, {
          method: text(form, "method") || "*",
          mode: text(form, "mode"),
          ...(carrier ? { carrier } : {}),
        });
        await runTransaction(hub.db, (tx) => saveShippingMethod(tx, store, input, actor), { retryOn: ["23505"] });
        return success(
          `Método de envío ${input.method === "*" ? "«todos los demás»" : `«${input.method}»`}: ${MODES[input.mode]?.es ?? ""}.`,
          `Shipping method ${input.method === "*" ? "“all others”" : `“${input.method}”`}: ${MODES[input.mode]?.en ?? ""}.`,
        );
      }
      case "link": {
        const link = await issueLoginLink(hub.db, companyId, text(form, "courier"), actor);
        const url = new URL(link.path, hubBaseUrl(hub.config)).toString();
        return success(
          "Enlace de ingreso creado: envíelo al teléfono del repartidor (sirve una vez, por 72 horas).",
          "Sign-in link created: send it to the courier's phone (works once, for 72 hours).",
          url,
        );
      }
      case "active": {
        const active = text(form, "active") === "yes";
        const r = await runTransaction(hub.db, (tx) =>
          updateCourier(tx, companyId, text(form, "courier"), { active }, actor),
        );
        return success(
          `${r.courier.name} ${active ? "vuelve a repartir" : "queda en pausa: no recibe despachos nuevos"}.`,
          `${r.courier.name} ${active ? "delivers again" : "is paused: gets no new deliveries"}.`,
        );
      }
      default: {
        const pin = text(form, "pin");
        const input = validate(CourierInputSchema, {
          name: text(form, "name"),
          phone: text(form, "phone"),
          capacityPerDay: whole(text(form, "capacity")),
          zones: form.getAll("zones").filter((z): z is string => typeof z === "string"),
          ...(pin ? { pin } : {}),
        });
        const r = await runTransaction(hub.db, (tx) => saveCourier(tx, companyId, input, actor), {
          retryOn: ["23505"],
        });
        return success(
          `${r.created ? "Repartidor agregado" : "Repartidor actualizado"}: ${r.courier.name}.`,
          `${r.created ? "Courier added" : "Courier updated"}: ${r.courier.name}.`,
        );
      }
    }
  } catch (e) {
    return failure(e);
  }
};

const MODES: Record<string, { es: string; en: string }> = {
  own_courier: { es: "reparto propio", en: "own couriers" },
  carrier: { es: "transportista externo", en: "external carrier" },
  pickup: { es: "retiro en tienda", en: "store pickup" },
};

function CourierRow({ c, lang, busy }: { c: CourierView; lang: Lang; busy: boolean }) {
  const t = translator(lang);
  return (
    <BlockStack gap="100">
      <InlineStack gap="200" blockAlign="center" wrap>
        <Text as="span" fontWeight="semibold">
          {c.name}
        </Text>
        <Badge tone={c.active ? "success" : undefined}>
          {c.active ? t("Activo", "Active") : t("En pausa", "Paused")}
        </Badge>
      </InlineStack>
      <Text as="p" tone="subdued">
        {c.phone} · {t(`hasta ${c.capacityPerDay} entregas por día`, `up to ${c.capacityPerDay} deliveries a day`)} ·{" "}
        {c.zones.length > 0 ? `${t("zonas", "zones")}: ${c.zones.join(", ")}` : t("sin zonas", "no zones")} ·{" "}
        {c.hasPin ? t("entra con PIN", "signs in with a PIN") : t("entra con enlace", "signs in with a link")}
      </Text>
      <InlineStack gap="200" wrap>
        <Form method="post">
          <input type="hidden" name="intent" value="link" />
          <input type="hidden" name="courier" value={c.id} />
          <Button submit disabled={!c.active || busy}>
            {t("Enlace de ingreso", "Sign-in link")}
          </Button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="active" />
          <input type="hidden" name="courier" value={c.id} />
          <input type="hidden" name="active" value={c.active ? "no" : "yes"} />
          <Button submit variant="plain" disabled={busy}>
            {c.active ? t("Pausar", "Pause") : t("Reactivar", "Reactivate")}
          </Button>
        </Form>
      </InlineStack>
    </BlockStack>
  );
}

export default function Couriers() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = translator(data.lang);
  const [name, setName] = useState("");
  const [phone, setPhone] = useState("");
  const [capacity, setCapacity] = useState("20");
  const [pin, setPin] = useState("");
  const [zones, setZones] = useState<string[]>([]);
  const [method, setMethod] = useState("*");
  const [mode, setMode] = useState("own_courier");
  const [carrier, setCarrier] = useState("");
  const title = t("Repartidores", "Couriers");
  if (!data.connected) {
    return <NotConnectedPage title={title} lang={data.lang} />;
  }
  return (
    <Page title={title}>
      <BlockStack gap="400">
        <ResultBanner result={result} lang={data.lang} />
        <Card>
          <BlockStack gap="300">
            <Text as="p" tone="subdued">
              {t(
                "Los despachos de reparto propio se asignan a los repartidores de su zona, sin pasar su capacidad diaria. Cada repartidor entra a la app de reparto con un enlace de ingreso o con su PIN.",
                "Own-courier deliveries go to the couriers of their zone, within their daily capacity. Each courier signs in to the delivery app with a sign-in link or a PIN.",
              )}
            </Text>
            {data.couriers.length === 0 ? (
              <Text as="p">
                {t(
                  "Aún no hay repartidores: agregue el primero más abajo.",
                  "No couriers yet: add the first one below.",
                )}
              </Text>
            ) : (
              <div id="couriers">
                <BlockStack gap="400">
                  {data.couriers.map((c) => (
                    <CourierRow key={c.id} c={c} lang={data.lang} busy={busy} />
                  ))}
                </BlockStack>
              </div>
            )}
          </BlockStack>
        </Card>
        <Card>
          <Form method="post" id="method-form">
            <input type="hidden" name="intent" value="method" />
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("Métodos de envío de la tienda", "The store's shipping methods")}
              </Text>
              <Text as="p" tone="subdued">
                {t(
                  "Diga cómo se entrega cada método de envío de Shopify; «*» vale para todos los demás. Sin esto, los despachos quedan pendientes.",
                  "Say how each Shopify shipping method is delivered; “*” covers all others. Without it, deliveries stay pending.",
                )}
              </Text>
              {data.methods.length > 0 ? (
                <div id="methods">
                  <BlockStack gap="100">
                    {data.methods.map((m) => (
                      <Text as="p" key={m.method}>
                        {m.method === "*" ? t("Todos los demás", "All others") : m.method}:{" "}
                        {MODES[m.mode]?.[data.lang] ?? ""}
                        {m.carrier ? ` (${m.carrier})` : ""}
                      </Text>
                    ))}
                  </BlockStack>
                </div>
              ) : null}
              <FormLayout>
                <FormLayout.Group>
                  <TextField
                    label={t("Método de envío", "Shipping method")}
                    name="method"
                    value={method}
                    onChange={setMethod}
                    autoComplete="off"
                    helpText={t(
                      "Su nombre en Shopify, p. ej. Despacho a domicilio.",
                      "Its name in Shopify, e.g. Home delivery.",
                    )}
                  />
                  <Select
                    label={t("Cómo se entrega", "How it is delivered")}
                    name="mode"
                    options={Object.entries(MODES).map(([value, l]) => ({ value, label: l[data.lang] }))}
                    value={mode}
                    onChange={setMode}
                  />
                  {mode === "carrier" ? (
                    <TextField
                      label={t("Transportista", "Carrier")}
                      name="carrier"
                      value={carrier}
                      onChange={setCarrier}
                      autoComplete="off"
                      placeholder="Starken"
                    />
                  ) : null}
                </FormLayout.Group>
              </FormLayout>
              <InlineStack>
                <Button submit loading={busy}>
                  {t("Guardar método", "Save method")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
        <Card>
          <Form method="post" id="courier-form">
            <input type="hidden" name="intent" value="save" />
            {zones.map((z) => (
              <input key={z} type="hidden" name="zones" value={z} />
            ))}
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("Agregar o actualizar un repartidor", "Add or update a courier")}
              </Text>
              <Text as="p" tone="subdued">
                {t(
                  "Con el teléfono de un repartidor que ya existe, se actualizan sus datos.",
                  "With the phone of an existing courier, their details are updated.",
                )}
              </Text>
              <FormLayout>
                <FormLayout.Group>
                  <TextField
                    label={t("Nombre", "Name")}
                    name="name"
                    value={name}
                    onChange={setName}
                    autoComplete="off"
                  />
                  <TextField
                    label={t("Teléfono", "Phone")}
                    name="phone"
                    type="tel"
                    value={phone}
                    onChange={setPhone}
                    autoComplete="off"
                    placeholder="+56 9 1234 5678"
                  />
                </FormLayout.Group>
                <FormLayout.Group>
                  <TextField
                    label={t("Entregas por día", "Deliveries per day")}
                    name="capacity"
                    type="number"
                    value={capacity}
                    onChange={setCapacity}
                    autoComplete="off"
                  />
                  <TextField
                    label={t("PIN (opcional)", "PIN (optional)")}
                    name="pin"
                    value={pin}
                    onChange={setPin}
                    autoComplete="off"
                    helpText={t(
                      "De 4 a 8 dígitos, para entrar sin enlace.",
                      "4 to 8 digits, to sign in without a link.",
                    )}
                  />
                </FormLayout.Group>
              </FormLayout>
              {data.zones.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t(
                    "Cree zonas de reparto en Zonas de reparto para asignarlas.",
                    "Create delivery zones in Delivery zones to assign them.",
                  )}
                </Text>
              ) : (
                <BlockStack gap="100">
                  <Text as="p">{t("Zonas que reparte", "Zones they deliver")}</Text>
                  <InlineStack gap="300" wrap>
                    {data.zones.map((z) => (
                      <Checkbox
                        key={z}
                        label={z}
                        checked={zones.includes(z)}
                        onChange={(on) => setZones((s) => (on ? [...s, z] : s.filter((x) => x !== z)))}
                      />
                    ))}
                  </InlineStack>
                </BlockStack>
              )}
              <InlineStack>
                <Button submit variant="primary" loading={busy}>
                  {t("Guardar repartidor", "Save courier")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
      </BlockStack>
    </Page>
  );
}
