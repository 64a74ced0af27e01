import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, FormLayout, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import {
  isTimbreError,
  listWarehouses,
  MovementInputSchema,
  recordMovements,
  stockHistory,
  validate,
  type MovementView,
} from "@timbre/core/admin";
import { auditActor, dayTime } from "@timbre/core/labels";
import { useState } from "react";
import { failure, notConnected, shopAdmin, success, type ActionResult } from "../admin/admin-context.server";
import { decimal, pesos, text } from "../admin/form-values";
import { translator, type Lang } from "../admin/i18n";
import { clp, NotConnectedPage, ResultBanner } from "../admin/ui";

/** Stock movements by hand (entries, exits, counts, transfers) and a product's kardex. */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang } = await shopAdmin(request, context);
  const sku = new URL(request.url).searchParams.get("sku")?.trim() ?? "";
  if (!store) return { lang, connected: false as const, warehouses: [], sku, history: null, missing: false };
  const { warehouses, storeFeeds } = await listWarehouses(hub.db, store.companyId, store.id);
  let history: MovementView[] | null = null;
  let missing = false;
  if (sku) {
    try {
      // The latest movements, newest first: what a merchant looks for after a count.
      history = (await stockHistory(hub.db, store.companyId, { sku })).slice(-50).reverse();
    } catch (e) {
      if (!isTimbreError(e) || e.kind !== "not_found") throw e;
      missing = true;
    }
  }
  const first = storeFeeds[0] ?? warehouses.find((w) => w.isDefault)?.code ?? warehouses[0]?.code ?? "";
  return {
    lang,
    connected: true as const,
    warehouses: warehouses.map((w) => ({ code: w.code, name: w.name })),
    first,
    sku,
    history,
    missing,
  };
};

export const action = async ({ request, context }: ActionFunctionArgs): Promise<ActionResult> => {
  const { hub, store, actor } = await shopAdmin(request, context);
  if (!store) return notConnected();
  const form = await request.formData();
  const kind = text(form, "kind");
  const unitCost = text(form, "unitCost");
  const reason = text(form, "reason");
  try {
    const input = validate(MovementInputSchema, {
      sku: text(form, "sku"),
      kind,
      quantity: decimal(text(form, "quantity")),
      warehouse: text(form, "warehouse") || undefined,
      ...(kind === "transfer" ? { toWarehouse: text(form, "to") || undefined } : {}),
      ...(unitCost ? { unitCost: pesos(unitCost) } : {}),
      ...(reason ? { reason } : {}),
    });
    const [r] = await recordMovements(hub.db, store.companyId, [input], { actor, store });
    const m = r!;
    const sign = m.quantity >= 0 ? "+" : "";
    const to = m.to ? `; ${m.to.warehouse} ${fmt(m.to.onHand)}` : "";
    return success(
      `${m.sku} en ${m.warehouse}: ${sign}${fmt(m.quantity)}, quedan ${fmt(m.onHand)}${to}.`,
      `${m.sku} in ${m.warehouse}: ${sign}${fmt(m.quantity)}, ${fmt(m.onHand)} on hand${to}.`,
    );
  } catch (e) {
    return failure(e);
  }
};

const fmt = (n: number) => n.toLocaleString("es-CL", { maximumFractionDigits: 3 });

const KINDS: Record<string, { es: string; en: string }> = {
  in: { es: "Entrada", en: "Entry" },
  out: { es: "Salida", en: "Exit" },
  adjust: { es: "Ajuste (con signo)", en: "Adjustment (signed)" },
  adjustment: { es: "Ajuste", en: "Adjustment" },
  count: { es: "Conteo físico", en: "Physical count" },
  transfer: { es: "Traspaso", en: "Transfer" },
  sale: { es: "Venta", en: "Sale" },
  return: { es: "Devolución", en: "Return" },
};

function Kardex({ rows, lang }: { rows: MovementView[]; lang: Lang }) {
  const t = translator(lang);
  return (
    <div id="kardex">
      <BlockStack gap="300">
        {rows.map((m) => (
          <BlockStack gap="050" key={m.id}>
            <Text as="p">
              {KINDS[m.kind]?.[lang] ?? t("Movimiento", "Movement")} {t("en", "in")} {m.warehouse}:{" "}
              {m.quantity >= 0 ? "+" : ""}
              {fmt(m.quantity)} → {fmt(m.onHand)} · {t("costo promedio", "average cost")} {clp(Math.round(m.avgCost))}
            </Text>
            <Text as="p" tone="subdued" variant="bodySm">
              {dayTime(m.at)} · {auditActor(m.actor, lang)}
              {m.reason ? ` · ${m.reason}` : ""}
            </Text>
          </BlockStack>
        ))}
      </BlockStack>
    </div>
  );
}

export default function Movements() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = translator(data.lang);
  const [f, setF] = useState({
    sku: data.sku,
    kind: "in",
    quantity: "",
    warehouse: data.connected ? data.first : "",
    to: "",
    unitCost: "",
    reason: "",
  });
  const set = (k: keyof typeof f) => (v: string) => setF((s) => ({ ...s, [k]: v }));
  const [lookup, setLookup] = useState(data.sku);
  const title = t("Movimientos de stock", "Stock movements");
  if (!data.connected) {
    return <NotConnectedPage title={title} lang={data.lang} />;
  }
  const warehouses = data.warehouses.map((w) => ({ label: `${w.name} (${w.code})`, value: w.code }));
  return (
    <Page title={title}>
      <BlockStack gap="400">
        <ResultBanner result={result} lang={data.lang} />
        <Card>
          <Form method="post" id="movement-form">
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("Registrar un movimiento", "Record a movement")}
              </Text>
              <Text as="p" tone="subdued">
                {t(
                  "Entradas de mercadería, salidas, un conteo físico (deja el stock en lo contado) o un traspaso entre bodegas. Las tiendas ven el nuevo disponible en segundos.",
                  "Goods received, exits, a physical count (sets stock to what was counted) or a transfer between warehouses. Stores see the new availability within seconds.",
                )}
              </Text>
              {data.warehouses.length === 0 ? (
                <Text as="p" tone="critical">
                  {t(
                    "Aún no hay bodegas: cree la primera en Bodegas.",
                    "No warehouses yet: create the first one in Warehouses.",
                  )}
                </Text>
              ) : null}
              <FormLayout>
                <FormLayout.Group>
                  <TextField label="SKU" name="sku" value={f.sku} onChange={set("sku")} autoComplete="off" />
                  <Select
                    label={t("Tipo de movimiento", "Movement kind")}
                    name="kind"
                    options={["in", "out", "count", "adjust", "transfer"].map((k) => ({
                      label: KINDS[k]![data.lang],
                      value: k,
                    }))}
                    value={f.kind}
                    onChange={set("kind")}
                  />
                  <TextField
                    label={f.kind === "count" ? t("Cantidad contada", "Counted quantity") : t("Cantidad", "Quantity")}
                    name="quantity"
                    value={f.quantity}
                    onChange={set("quantity")}
                    autoComplete="off"
                    inputMode="decimal"
                    helpText={t("Hasta tres decimales, p. ej. 2,5.", "Up to three decimals, e.g. 2.5.")}
                  />
                </FormLayout.Group>
                <FormLayout.Group>
                  <Select
                    label={f.kind === "transfer" ? t("Desde la bodega", "From warehouse") : t("Bodega", "Warehouse")}
                    name="warehouse"
                    options={warehouses}
                    value={f.warehouse}
                    onChange={set("warehouse")}
                  />
                  {f.kind === "transfer" ? (
                    <Select
                      label={t("Hacia la bodega", "To warehouse")}
                      name="to"
                      options={[{ label: "—", value: "" }, ...warehouses]}
                      value={f.to}
                      onChange={set("to")}
                    />
                  ) : null}
                  {f.kind === "in" ? (
                    <TextField
                      label={t("Costo unitario (opcional)", "Unit cost (optional)")}
                      name="unitCost"
                      value={f.unitCost}
                      onChange={set("unitCost")}
                      autoComplete="off"
                      prefix="$"
                      inputMode="numeric"
                    />
                  ) : null}
                </FormLayout.Group>
                <TextField
                  label={t("Motivo (opcional)", "Reason (optional)")}
                  name="reason"
                  value={f.reason}
                  onChange={set("reason")}
                  autoComplete="off"
                />
              </FormLayout>
              <InlineStack>
                <Button submit variant="primary" loading={busy}>
                  {t("Registrar movimiento", "Record movement")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("Kárdex de un producto", "A product's kardex")}
            </Text>
            <Form method="get" id="kardex-form">
              <InlineStack gap="200" blockAlign="end" wrap>
                <TextField
                  label="SKU"
                  name="sku"
                  value={lookup}
                  onChange={setLookup}
                  autoComplete="off"
                  connectedRight={<Button submit>{t("Ver movimientos", "Show movements")}</Button>}
                />
              </InlineStack>
            </Form>
            {data.missing ? (
              <Text as="p" tone="critical">
                {t(`No existe el SKU ${data.sku}.`, `There is no SKU ${data.sku}.`)}
              </Text>
            ) : data.history && data.history.length === 0 ? (
              <Text as="p" tone="subdued">
                {t(`Sin movimientos de ${data.sku}.`, `No movements of ${data.sku}.`)}
              </Text>
            ) : data.history ? (
              <Kardex rows={data.history} lang={data.lang} />
            ) : null}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
