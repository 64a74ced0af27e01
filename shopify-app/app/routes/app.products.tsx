import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link as RemixLink, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Page, Text, TextField } from "@shopify/polaris";
import { listProducts, ProductInputSchema, upsertProducts, validate } from "@timbre/core/admin";
import { useState } from "react";
import { failure, notConnected, shopAdmin, success, type ActionResult } from "../admin/admin-context.server";
import { pesos, text, whole } from "../admin/form-values";
import { translator, withLang } from "../admin/i18n";
import { clp, NotConnectedPage, ResultBanner } from "../admin/ui";

/**
 * Timbre's catalog: the SKUs its documents, stock and price lists know. Shopify variants are matched
 * to it by SKU (Stock), so a SKU sold in Shopify is created here once with its name and price.
 */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang } = await shopAdmin(request, context);
  const q = new URL(request.url).searchParams.get("q")?.trim() ?? "";
  if (!store) return { lang, connected: false as const, q, total: 0, products: [] };
  const r = await listProducts(hub.db, store.companyId, { search: q, limit: 50 });
  return { lang, connected: true as const, q, ...r };
};

export const action = async ({ request, context }: ActionFunctionArgs): Promise<ActionResult> => {
  const { hub, store, actor } = await shopAdmin(request, context);
  if (!store) return notConnected();
  const form = await request.formData();
  const weight = text(form, "weight");
  try {
    const item = validate(ProductInputSchema, {
      sku: text(form, "sku"),
      name: text(form, "name"),
      price: pesos(text(form, "price")),
      exempt: form.get("exempt") === "on",
      ...(weight ? { weightGrams: whole(weight) } : {}),
    });
    const r = await upsertProducts(hub.db, store.companyId, [item], { actor });
    const status = r.results[0]?.status;
    return success(
      status === "created"
        ? `Producto ${item.sku} creado.`
        : status === "unchanged"
          ? `${item.sku} ya estaba así; no cambió nada.`
          : `Producto ${item.sku} actualizado.`,
      status === "created"
        ? `Product ${item.sku} created.`
        : status === "unchanged"
          ? `${item.sku} was already like that; nothing changed.`
          : `Product ${item.sku} updated.`,
    );
  } catch (e) {
    return failure(e);
  }
};

export default function Products() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = translator(data.lang);
  const [f, setF] = useState({ sku: "", name: "", price: "", weight: "", exempt: false });
  const set = (k: "sku" | "name" | "price" | "weight") => (v: string) => setF((s) => ({ ...s, [k]: v }));
  const [q, setQ] = useState(data.q);
  const title = t("Productos", "Products");
  if (!data.connected) {
    return <NotConnectedPage title={title} lang={data.lang} />;
  }
  return (
    <Page title={title}>
      <BlockStack gap="400">
        <ResultBanner result={result} lang={data.lang} />
        <Card>
          <Form method="post" id="product-form">
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("Crear o cambiar un producto", "Create or change a product")}
              </Text>
              <Text as="p" tone="subdued">
                {t(
                  "El SKU debe ser el mismo de la variante en Shopify. Con un SKU que ya existe, se actualizan su nombre y precio.",
                  "The SKU must be the Shopify variant's. With an existing SKU, its name and price are updated.",
                )}
              </Text>
              <FormLayout>
                <FormLayout.Group>
                  <TextField label="SKU" name="sku" value={f.sku} onChange={set("sku")} autoComplete="off" />
                  <TextField
                    label={t("Nombre en el documento", "Name on the document")}
                    name="name"
                    value={f.name}
                    onChange={set("name")}
                    autoComplete="off"
                    maxLength={80}
                  />
                </FormLayout.Group>
                <FormLayout.Group>
                  <TextField
                    label={t("Precio (IVA incluido)", "Price (VAT included)")}
                    name="price"
                    value={f.price}
                    onChange={set("price")}
                    autoComplete="off"
                    prefix="$"
                    inputMode="numeric"
                  />
                  <TextField
                    label={t("Peso en gramos (opcional)", "Weight in grams (optional)")}
                    name="weight"
                    value={f.weight}
                    onChange={set("weight")}
                    autoComplete="off"
                    inputMode="numeric"
                  />
                </FormLayout.Group>
                <Checkbox
                  label={t("Exento de IVA", "VAT exempt")}
                  name="exempt"
                  checked={f.exempt}
                  onChange={(v) => setF((s) => ({ ...s, exempt: v }))}
                />
              </FormLayout>
              <InlineStack>
                <Button submit variant="primary" loading={busy}>
                  {t("Guardar producto", "Save product")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Form method="get">
              <TextField
                label={t("Buscar por SKU o nombre", "Search by SKU or name")}
                name="q"
                value={q}
                onChange={setQ}
                autoComplete="off"
                connectedRight={<Button submit>{t("Buscar", "Search")}</Button>}
              />
            </Form>
            <Text as="p" tone="subdued">
              {data.total === 0
                ? t("No hay productos que calcen.", "No matching products.")
                : t(`${data.total} productos`, `${data.total} products`) +
                  (data.total > data.products.length
                    ? t(` (se muestran ${data.products.length})`, ` (${data.products.length} shown)`)
                    : "")}
            </Text>
            <div id="products">
              <BlockStack gap="200">
                {data.products.map((p) => (
                  <BlockStack gap="050" key={p.sku}>
                    <Text as="p">
                      <span style={{ overflowWrap: "anywhere" }}>
                        {p.name} · {clp(p.price)}
                        {p.active ? "" : t(" · inactivo", " · inactive")}
                      </span>
                    </Text>
                    <Text as="p" tone="subdued" variant="bodySm">
                      <span style={{ overflowWrap: "anywhere" }}>
                        SKU {p.sku} ·{" "}
                        <RemixLink to={withLang(`/app/movements?sku=${encodeURIComponent(p.sku)}`, data.lang)}>
                          {t("movimientos", "movements")}
                        </RemixLink>
                      </span>
                    </Text>
                  </BlockStack>
                ))}
              </BlockStack>
            </div>
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
