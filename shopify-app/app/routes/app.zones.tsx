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
  listZones,
  removeZone,
  runTransaction,
  saveZone,
  validate,
  ZoneInputSchema,
  type ZoneView,
} from "@timbre/core/admin";
import { useState } from "react";
import { failure, notConnected, shopAdmin, success, type ActionResult } from "../admin/admin-context.server";
import { decimal, list, pesos, text, whole } from "../admin/form-values";
import { translator, type Lang } from "../admin/i18n";
import { clp, NotConnectedPage, ResultBanner } from "../admin/ui";

/** Delivery zones: where own couriers deliver, what the buyer pays there and what the courier earns. */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang } = await shopAdmin(request, context);
  if (!store) return { lang, connected: false as const, zones: [] };
  return { lang, connected: true as const, zones: await listZones(hub.db, store.companyId) };
};

/** "1000:2990, 5000:4990" (up to grams : pesos) as the rate's weight bands. */
function bands(s: string) {
  return list(s).map((b) => {
    const [g = "", a = ""] = b.split(":");
    return { upToGrams: whole(g), amount: pesos(a) };
  });
}

export const action = async ({ request, context }: ActionFunctionArgs): Promise<ActionResult> => {
  const { hub, store, actor } = await shopAdmin(request, context);
  if (!store) return notConnected();
  const form = await request.formData();
  const companyId = store.companyId;
  try {
    if (text(form, "intent") === "remove") {
      const name = text(form, "name");
      await runTransaction(hub.db, (tx) => removeZone(tx, companyId, name, actor));
      return success(`Zona ${name} eliminada.`, `Zone ${name} removed.`);
    }
    const freeFrom = text(form, "freeFrom");
    const input = validate(ZoneInputSchema, {
      name: text(form, "name"),
      comunas: list(text(form, "comunas")),
      regions: list(text(form, "regions")),
      postalPrefixes: list(text(form, "postal")),
      rate: {
        ...(text(form, "rateKind") === "weight"
          ? { kind: "weight", bands: bands(text(form, "bands")) }
          : { kind: "flat", amount: pesos(text(form, "flat")) }),
        ...(freeFrom ? { freeFrom: pesos(freeFrom) } : {}),
      },
      commission:
        text(form, "commissionKind") === "percent"
          ? { kind: "percent", percent: decimal(text(form, "commission").replace("%", "")) }
          : { kind: "amount", amount: pesos(text(form, "commission")) },
      active: form.get("active") === "on",
    });
    const r = await runTransaction(hub.db, (tx) => saveZone(tx, companyId, input, actor), { retryOn: ["23505"] });
    return success(
      `${r.created ? "Zona creada" : "Zona actualizada"}: ${r.zone.name}.`,
      `${r.created ? "Zone created" : "Zone updated"}: ${r.zone.name}.`,
    );
  } catch (e) {
    return failure(e);
  }
};

function where(z: ZoneView, lang: Lang): string {
  const t = translator(lang);
  return [
    ...z.regions.map((r) => t(`región ${r.name}`, `${r.name} region`)),
    ...z.comunas.map((c) => c.name),
    ...z.postalPrefixes.map((p) => t(`códigos postales que empiezan con ${p}`, `postal codes starting ${p}`)),
  ].join(", ");
}

function fee(z: ZoneView, lang: Lang): string {
  const t = translator(lang);
  const r = z.rate;
  const base =
    r.kind === "flat"
      ? t(`Despacho ${clp(r.amount)}`, `Shipping ${clp(r.amount)}`)
      : t("Despacho por peso: ", "Shipping by weight: ") +
        r.bands
          .map((b) => t(`hasta ${b.upToGrams} g ${clp(b.amount)}`, `up to ${b.upToGrams} g ${clp(b.amount)}`))
          .join(", ");
  const free =
    r.freeFrom !== undefined ? t(` (gratis desde ${clp(r.freeFrom)})`, ` (free from ${clp(r.freeFrom)})`) : "";
  const c = z.commission;
  const earns =
    c.kind === "amount"
      ? t(`el repartidor gana ${clp(c.amount)} por entrega`, `the courier earns ${clp(c.amount)} a delivery`)
      : t(`el repartidor gana el ${c.percent} % de la tarifa`, `the courier earns ${c.percent}% of the fee`);
  return `${base}${free}; ${earns}.`;
}

export default function Zones() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = translator(data.lang);
  const [f, setF] = useState({
    name: "",
    comunas: "",
    regions: "",
    postal: "",
    rateKind: "flat",
    flat: "",
    bands: "",
    freeFrom: "",
    commissionKind: "amount",
    commission: "",
    active: true,
  });
  const set = (k: keyof typeof f) => (v: string) => setF((s) => ({ ...s, [k]: v }));
  const edit = (z: ZoneView) =>
    setF({
      name: z.name,
      comunas: z.comunas.map((c) => c.name).join(", "),
      regions: z.regions.map((r) => r.name).join(", "),
      postal: z.postalPrefixes.join(", "),
      rateKind: z.rate.kind,
      flat: z.rate.kind === "flat" ? String(z.rate.amount) : "",
      bands: z.rate.kind === "weight" ? z.rate.bands.map((b) => `${b.upToGrams}:${b.amount}`).join(", ") : "",
      freeFrom: z.rate.freeFrom !== undefined ? String(z.rate.freeFrom) : "",
      commissionKind: z.commission.kind,
      commission: z.commission.kind === "amount" ? String(z.commission.amount) : String(z.commission.percent),
      active: z.active,
    });
  const title = t("Zonas de reparto", "Delivery zones");
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
                "Cada zona reúne comunas, regiones o códigos postales, con lo que paga el comprador por el despacho y lo que gana el repartidor. La primera zona que calza con la dirección decide.",
                "Each zone groups communes, regions or postal codes, with what the buyer pays for shipping and what the courier earns. The first zone matching the address decides.",
              )}
            </Text>
            {data.zones.length === 0 ? (
              <Text as="p">
                {t("Aún no hay zonas: cree la primera más abajo.", "No zones yet: create the first one below.")}
              </Text>
            ) : (
              <div id="zones">
                <BlockStack gap="400">
                  {data.zones.map((z) => (
                    <BlockStack gap="100" key={z.id}>
                      <InlineStack gap="200" blockAlign="center" wrap>
                        <Text as="span" fontWeight="semibold">
                          {z.name}
                        </Text>
                        {z.active ? null : <Badge>{t("Inactiva", "Inactive")}</Badge>}
                      </InlineStack>
                      <Text as="p">{where(z, data.lang)}</Text>
                      <Text as="p" tone="subdued">
                        {fee(z, data.lang)}
                      </Text>
                      <InlineStack gap="200" wrap>
                        <Button onClick={() => edit(z)}>{t("Editar", "Edit")}</Button>
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="name" value={z.name} />
                          <Button submit variant="plain" tone="critical" disabled={busy}>
                            {t("Eliminar", "Remove")}
                          </Button>
                        </Form>
                      </InlineStack>
                    </BlockStack>
                  ))}
                </BlockStack>
              </div>
            )}
          </BlockStack>
        </Card>
        <Card>
          <Form method="post" id="zone-form">
            <input type="hidden" name="intent" value="save" />
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("Crear o cambiar una zona", "Create or change a zone")}
              </Text>
              <FormLayout>
                <TextField
                  label={t("Nombre de la zona", "Zone name")}
                  name="name"
                  value={f.name}
                  onChange={set("name")}
                  autoComplete="off"
                  helpText={t(
                    "Con el nombre de una zona que existe, se reemplaza.",
                    "The name of an existing zone replaces it.",
                  )}
                />
                <TextField
                  label={t("Comunas", "Communes")}
                  name="comunas"
                  value={f.comunas}
                  onChange={set("comunas")}
                  autoComplete="off"
                  multiline={2}
                  helpText={t(
                    "Separadas por comas, p. ej. Providencia, Ñuñoa.",
                    "Comma-separated, e.g. Providencia, Ñuñoa.",
                  )}
                />
                <FormLayout.Group>
                  <TextField
                    label={t("Regiones", "Regions")}
                    name="regions"
                    value={f.regions}
                    onChange={set("regions")}
                    autoComplete="off"
                    helpText={t("Número o nombre, p. ej. 13 o Valparaíso.", "Number or name, e.g. 13 or Valparaíso.")}
                  />
                  <TextField
                    label={t("Códigos postales", "Postal codes")}
                    name="postal"
                    value={f.postal}
                    onChange={set("postal")}
                    autoComplete="off"
                    helpText={t("O sus primeros dígitos, p. ej. 755.", "Or their first digits, e.g. 755.")}
                  />
                </FormLayout.Group>
                <FormLayout.Group>
                  <Select
                    label={t("Tarifa al comprador", "Buyer's fee")}
                    name="rateKind"
                    options={[
                      { label: t("Un monto", "One amount"), value: "flat" },
                      { label: t("Por peso", "By weight"), value: "weight" },
                    ]}
                    value={f.rateKind}
                    onChange={set("rateKind")}
                  />
                  {f.rateKind === "weight" ? (
                    <TextField
                      label={t("Tramos (gramos:pesos)", "Bands (grams:pesos)")}
                      name="bands"
                      value={f.bands}
                      onChange={set("bands")}
                      autoComplete="off"
                      helpText={t("P. ej. 1000:2990, 5000:4990", "E.g. 1000:2990, 5000:4990")}
                    />
                  ) : (
                    <TextField
                      label={t("Monto del despacho", "Shipping amount")}
                      name="flat"
                      value={f.flat}
                      onChange={set("flat")}
                      autoComplete="off"
                      prefix="$"
                      inputMode="numeric"
                    />
                  )}
                  <TextField
                    label={t("Gratis desde (opcional)", "Free from (optional)")}
                    name="freeFrom"
                    value={f.freeFrom}
                    onChange={set("freeFrom")}
                    autoComplete="off"
                    prefix="$"
                    inputMode="numeric"
                  />
                </FormLayout.Group>
                <FormLayout.Group>
                  <Select
                    label={t("Comisión del repartidor", "Courier commission")}
                    name="commissionKind"
                    options={[
                      { label: t("Monto por entrega", "Amount per delivery"), value: "amount" },
                      { label: t("Porcentaje de la tarifa", "Percentage of the fee"), value: "percent" },
                    ]}
                    value={f.commissionKind}
                    onChange={set("commissionKind")}
                  />
                  <TextField
                    label={f.commissionKind === "percent" ? t("Porcentaje", "Percentage") : t("Monto", "Amount")}
                    name="commission"
                    value={f.commission}
                    onChange={set("commission")}
                    autoComplete="off"
                    {...(f.commissionKind === "percent" ? { suffix: "%" } : { prefix: "$" })}
                    inputMode="decimal"
                  />
                </FormLayout.Group>
                <Checkbox
                  label={t("Activa (recibe despachos)", "Active (takes deliveries)")}
                  checked={f.active}
                  onChange={(v) => setF((s) => ({ ...s, active: v }))}
                />
                {/* Polaris' Checkbox posts nothing; this hidden input is what the form sends. */}
                {f.active ? <input type="hidden" name="active" value="on" /> : null}
              </FormLayout>
              <InlineStack>
                <Button submit variant="primary" loading={busy}>
                  {t("Guardar zona", "Save zone")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
      </BlockStack>
    </Page>
  );
}
