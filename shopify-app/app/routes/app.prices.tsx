import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, FormLayout, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { listPriceLists, setPrices, setStoreSyncConfig, storeSyncView } from "@timbre/core/admin";
import { useState } from "react";
import { failure, notConnected, shopAdmin, success, type ActionResult } from "../admin/admin-context.server";
import { pesos, text } from "../admin/form-values";
import { translator } from "../admin/i18n";
import { clp, NotConnectedPage, ResultBanner } from "../admin/ui";

/** Price lists: prices per SKU, and which list this store sells at (else the base price). */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang } = await shopAdmin(request, context);
  if (!store) return { lang, connected: false as const, lists: [], current: null };
  const [lists, view] = await Promise.all([listPriceLists(hub.db, store.companyId), storeSyncView(hub.db, store.id)]);
  return { lang, connected: true as const, lists, current: view.priceList };
};

export const action = async ({ request, context }: ActionFunctionArgs): Promise<ActionResult> => {
  const { hub, store, actor } = await shopAdmin(request, context);
  if (!store) return notConnected();
  const form = await request.formData();
  try {
    if (text(form, "intent") === "use") {
      const list = text(form, "list");
      await setStoreSyncConfig(hub.db, store.id, { priceList: list === "" ? null : list }, actor);
      return list
        ? success(`La tienda vende con la lista ${list}.`, `The store sells at the ${list} list.`)
        : success("La tienda vende con el precio base.", "The store sells at the base price.");
    }
    const list = text(form, "list");
    const sku = text(form, "sku");
    const problems = [
      ...(list ? [] : [{ field: "list", message: "Escriba el nombre de la lista." }]),
      ...(sku ? [] : [{ field: "sku", message: "Escriba el SKU." }]),
    ];
    const price = pesos(text(form, "price"));
    if (!Number.isInteger(price)) problems.push({ field: "price", message: "Pesos enteros, p. ej. 12990." });
    if (problems.length > 0) {
      return {
        ok: false,
        error: {
          es: "Revise los datos del precio.",
          en: "Check the price's details.",
          fields: problems.map((p) => ({ field: p.field, message: p.message })),
        },
      };
    }
    const r = await setPrices(hub.db, store.companyId, list, [{ sku, price }], actor);
    return success(`${sku} en la lista ${r.list}: ${clp(price)}.`, `${sku} in the ${r.list} list: ${clp(price)}.`);
  } catch (e) {
    return failure(e);
  }
};

export default function Prices() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = translator(data.lang);
  const [list, setList] = useState(data.lists[0]?.name ?? "");
  const [sku, setSku] = useState("");
  const [price, setPrice] = useState("");
  const [use, setUse] = useState(data.current ?? "");
  const title = t("Listas de precios", "Price lists");
  if (!data.connected) {
    return <NotConnectedPage title={title} lang={data.lang} />;
  }
  return (
    <Page title={title}>
      <BlockStack gap="400">
        <ResultBanner result={result} lang={data.lang} />
        <Card>
          <Form method="post">
            <input type="hidden" name="intent" value="use" />
            <BlockStack gap="300">
              <Text as="p" tone="subdued">
                {t(
                  "Una lista de precios fija el precio de cada SKU para una tienda (p. ej. mayorista). Los SKU que la lista no nombra se venden al precio base.",
                  "A price list sets each SKU's price for a store (e.g. wholesale). SKUs the list does not name sell at the base price.",
                )}
              </Text>
              <Select
                label={t("Lista con que vende esta tienda", "List this store sells at")}
                name="list"
                options={[
                  { label: t("Precio base", "Base price"), value: "" },
                  ...data.lists.map((l) => ({ label: l.name, value: l.name })),
                ]}
                value={use}
                onChange={setUse}
              />
              <InlineStack>
                <Button submit loading={busy}>
                  {t("Guardar", "Save")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
        <Card>
          <Form method="post" id="price-form">
            <input type="hidden" name="intent" value="price" />
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("Fijar un precio", "Set a price")}
              </Text>
              <FormLayout>
                <FormLayout.Group>
                  <TextField
                    label={t("Lista de precios", "Price list")}
                    name="list"
                    value={list}
                    onChange={setList}
                    autoComplete="off"
                    helpText={t(
                      "Una lista nueva se crea con su primer precio.",
                      "A new list is created with its first price.",
                    )}
                  />
                  <TextField label="SKU" name="sku" value={sku} onChange={setSku} autoComplete="off" />
                  <TextField
                    label={t("Precio (IVA incluido)", "Price (VAT included)")}
                    name="price"
                    value={price}
                    onChange={setPrice}
                    autoComplete="off"
                    prefix="$"
                    inputMode="numeric"
                  />
                </FormLayout.Group>
              </FormLayout>
              <InlineStack>
                <Button submit variant="primary" loading={busy}>
                  {t("Guardar precio", "Save price")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
        {data.lists.map((l) => (
          <Card key={l.name}>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {l.name}
              </Text>
              <Text as="p" tone="subdued">
                {t(`${l.count} precios`, `${l.count} prices`)}
                {data.current === l.name ? t(" · la usa esta tienda", " · this store uses it") : ""}
              </Text>
              <BlockStack gap="100">
                {l.prices.map((p) => (
                  <Text as="p" key={p.sku}>
                    <span style={{ overflowWrap: "anywhere" }}>
                      {p.sku} — {p.name}: {clp(p.price)}
                    </span>
                  </Text>
                ))}
              </BlockStack>
            </BlockStack>
          </Card>
        ))}
      </BlockStack>
    </Page>
  );
}
