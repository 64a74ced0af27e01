import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, FormLayout, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { createWarehouse, listWarehouses, setStoreWarehouses } from "@timbre/core/admin";
import { useState } from "react";
import { LOCATIONS } from "../../src/shopify/graphql-operations.js";
import { readShopSettings, updateShopSettings } from "../../src/shopify/shop-settings.js";
import { failure, notConnected, shopAdmin, success, type ActionResult } from "../admin/admin-context.server";
import { translator } from "../admin/i18n";
import { ResultBanner } from "../admin/ui";

/** Shopify location ids are kept numeric (as the adapter stores them); the API speaks GIDs. */
const numericId = (gid: string) => gid.split("/").pop() ?? gid;

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang, admin } = await shopAdmin(request, context);
  if (!store)
    return { lang, connected: false as const, locations: [], warehouses: [], mapping: {}, publishLocation: null };
  const res = await admin.graphql(LOCATIONS);
  const body = (await res.json()) as {
    data?: { locations?: { nodes?: Array<{ id: string; name: string; isActive: boolean }> } };
  };
  const locations = (body.data?.locations?.nodes ?? []).map((l) => ({
    id: numericId(l.id),
    name: l.name,
    active: l.isActive,
  }));
  const { warehouses } = await listWarehouses(hub.db, store.companyId, store.id);
  const settings = readShopSettings(store.settings);
  return {
    lang,
    connected: true as const,
    locations,
    warehouses,
    mapping: settings.locations,
    publishLocation: settings.locationId ?? null,
  };
};

export const action = async ({ request, context }: ActionFunctionArgs): Promise<ActionResult> => {
  const { hub, store, actor } = await shopAdmin(request, context);
  if (!store) return notConnected();
  const form = await request.formData();
  if (form.get("intent") === "warehouse") {
    try {
      const w = await createWarehouse(
        hub.db,
        store.companyId,
        { code: String(form.get("code") ?? "").trim(), name: String(form.get("name") ?? "").trim() },
        actor,
      );
      return success(`Bodega ${w.name} creada.`, `Warehouse ${w.name} created.`);
    } catch (e) {
      return failure(e);
    }
  }
  const { warehouses } = await listWarehouses(hub.db, store.companyId);
  const byId = new Map(warehouses.map((w) => [w.id, w]));
  const mapping: Record<string, string> = {};
  for (const [k, v] of form.entries()) {
    if (k.startsWith("location:") && typeof v === "string" && byId.has(v)) mapping[k.slice("location:".length)] = v;
  }
  const publish = String(form.get("publishLocation") ?? "");
  try {
    if (Object.keys(mapping).length === 0) {
      return {
        ok: false,
        error: {
          es: "Asigne una bodega a al menos una ubicación.",
          en: "Map at least one location to a warehouse.",
          fields: [],
        },
      };
    }
    if (publish && !mapping[publish]) {
      return {
        ok: false,
        error: {
          es: "La ubicación donde se publica el stock debe tener una bodega asignada.",
          en: "The location stock is published to needs a warehouse.",
          fields: [],
        },
      };
    }
    // The warehouses that feed this store, in the order of the locations that use them.
    const codes = [...new Set(Object.values(mapping).map((id) => byId.get(id)!.code))];
    await setStoreWarehouses(hub.db, store.id, codes, actor);
    await updateShopSettings(hub.db, store.id, {
      locations: mapping,
      ...(publish ? { locationId: publish } : { locationId: Object.keys(mapping)[0]! }),
    });
    return success(
      "Ubicaciones y bodegas guardadas; el stock se recalculó.",
      "Locations and warehouses saved; stock was recomputed.",
    );
  } catch (e) {
    return failure(e);
  }
};

export default function Locations() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = translator(data.lang);
  const [mapping, setMapping] = useState<Record<string, string>>(data.mapping);
  const [publish, setPublish] = useState(data.publishLocation ?? "");
  const [newCode, setNewCode] = useState("");
  const [newName, setNewName] = useState("");
  if (!data.connected) {
    return (
      <Page title={t("Ubicaciones y bodegas", "Locations and warehouses")}>
        <ResultBanner
          result={{
            ok: false,
            error: {
              es: "Primero registre la empresa en Configuración inicial.",
              en: "First register the company in Setup.",
              fields: [],
            },
          }}
          lang={data.lang}
        />
      </Page>
    );
  }
  const options = [
    { label: t("— Sin bodega —", "— No warehouse —"), value: "" },
    ...data.warehouses.map((w) => ({ label: `${w.name} (${w.code})`, value: w.id })),
  ];
  return (
    <Page title={t("Ubicaciones y bodegas", "Locations and warehouses")}>
      <BlockStack gap="400">
        <ResultBanner result={result} lang={data.lang} />
        <Card>
          <Form method="post">
            <BlockStack gap="300">
              <Text as="p" tone="subdued">
                {t(
                  "Cada ubicación de Shopify toma su stock de una bodega de Timbre. Las ventas descuentan de esa bodega y Timbre publica el disponible en la ubicación elegida.",
                  "Each Shopify location takes its stock from a Timbre warehouse. Sales consume from it and Timbre publishes the available quantity to the chosen location.",
                )}
              </Text>
              {data.warehouses.length === 0 ? (
                <Text as="p" tone="critical">
                  {t(
                    "Aún no hay bodegas: cree la primera más abajo.",
                    "No warehouses yet: create the first one below.",
                  )}
                </Text>
              ) : null}
              {data.locations.map((l) => (
                <InlineStack key={l.id} gap="300" blockAlign="center">
                  <div style={{ minWidth: 160, maxWidth: "100%" }}>
                    <Text as="span" fontWeight="semibold">
                      {l.name}
                    </Text>
                    {!l.active ? <Text as="span" tone="subdued">{` (${t("inactiva", "inactive")})`}</Text> : null}
                  </div>
                  <Select
                    label={t(`Bodega para ${l.name}`, `Warehouse for ${l.name}`)}
                    labelHidden
                    name={`location:${l.id}`}
                    options={options}
                    value={mapping[l.id] ?? ""}
                    onChange={(v) => setMapping((m) => ({ ...m, [l.id]: v }))}
                  />
                </InlineStack>
              ))}
              <Select
                label={t("Ubicación donde Timbre publica el stock", "Location Timbre publishes stock to")}
                name="publishLocation"
                options={[
                  { label: "—", value: "" },
                  ...data.locations.filter((l) => mapping[l.id]).map((l) => ({ label: l.name, value: l.id })),
                ]}
                value={publish}
                onChange={setPublish}
              />
              <InlineStack>
                <Button submit variant="primary" loading={busy}>
                  {t("Guardar", "Save")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
        <Card>
          <Form method="post" id="warehouse-form">
            <input type="hidden" name="intent" value="warehouse" />
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("Nueva bodega", "New warehouse")}
              </Text>
              <FormLayout>
                <FormLayout.Group>
                  <TextField
                    label={t("Código", "Code")}
                    name="code"
                    value={newCode}
                    onChange={setNewCode}
                    autoComplete="off"
                    helpText={t("Corto, sin espacios (p. ej. CENTRAL).", "Short, no spaces (e.g. CENTRAL).")}
                  />
                  <TextField
                    label={t("Nombre", "Name")}
                    name="name"
                    value={newName}
                    onChange={setNewName}
                    autoComplete="off"
                  />
                </FormLayout.Group>
              </FormLayout>
              <InlineStack>
                <Button submit loading={busy}>
                  {t("Crear bodega", "Create warehouse")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
      </BlockStack>
    </Page>
  );
}
