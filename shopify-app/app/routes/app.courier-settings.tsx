import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
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
  CourierSettingsInputSchema,
  getCourierSettings,
  runTransaction,
  serviceDay,
  setCourierSettings,
  settlementReport,
  validate,
} from "@timbre/core/admin";
import { day } from "@timbre/core/labels";
import { useState } from "react";
import { failure, notConnected, shopAdmin, success, type ActionResult } from "../admin/admin-context.server";
import { text } from "../admin/form-values";
import { translator } from "../admin/i18n";
import { clp, NotConnectedPage, ResultBanner } from "../admin/ui";

const RULES = {
  round_robin: {
    es: "Por turnos: cada entrega al siguiente repartidor de la zona",
    en: "Round robin: each delivery to the zone's next courier",
  },
  least_loaded: {
    es: "Al menos cargado: al que tiene menos entregas ese día",
    en: "Least loaded: to whoever has the fewest that day",
  },
  priority: {
    es: "Por prioridad: primero al repartidor de mayor prioridad",
    en: "Priority: the highest-priority courier first",
  },
} as const;
const PROOF = {
  photo: { es: "Foto de la entrega", en: "Delivery photo" },
  receiverName: { es: "Nombre de quien recibe", en: "Receiver's name" },
  signature: { es: "Firma", en: "Signature" },
  notes: { es: "Notas", en: "Notes" },
} as const;
type ProofPart = keyof typeof PROOF;
const PARTS = Object.keys(PROOF) as ProofPart[];

/** A day as the merchant types it, dd-mm-aaaa (or ISO from an old link), as YYYY-MM-DD; else undefined. */
function dayParam(s: string | null): string | undefined {
  const t = (s ?? "").trim();
  const m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  const iso = m ? `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}` : t;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso)
    ? iso
    : undefined;
}

/** The company's courier settings, and what each courier delivered in a period (their settlement). */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang } = await shopAdmin(request, context);
  const params = new URL(request.url).searchParams;
  const today = serviceDay(new Date());
  const to = dayParam(params.get("to")) ?? today;
  const from = dayParam(params.get("from")) ?? `${today.slice(0, 8)}01`;
  if (!store) return { lang, connected: false as const, from, to, settings: null, report: null, badPeriod: false };
  const badPeriod = from > to;
  const [settings, report] = await Promise.all([
    getCourierSettings(hub.db, store.companyId),
    badPeriod ? null : settlementReport(hub.db, store.companyId, { from, to }),
  ]);
  return { lang, connected: true as const, from, to, settings, report: report?.couriers ?? null, badPeriod };
};

export const action = async ({ request, context }: ActionFunctionArgs): Promise<ActionResult> => {
  const { hub, store, actor } = await shopAdmin(request, context);
  if (!store) return notConnected();
  const form = await request.formData();
  try {
    const input = validate(CourierSettingsInputSchema, {
      assignmentRule: text(form, "rule"),
      proofRequirements: Object.fromEntries(PARTS.map((p) => [p, form.get(`proof-${p}`) === "on"])),
      carrierName: text(form, "carrierName"),
    });
    await runTransaction(hub.db, (tx) => setCourierSettings(tx, hub.encryptor, store.companyId, input, actor));
    return success("Ajustes de reparto guardados.", "Delivery settings saved.");
  } catch (e) {
    return failure(e);
  }
};

export default function CourierSettings() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = translator(data.lang);
  const s = data.settings;
  const [rule, setRule] = useState<string>(s?.assignmentRule ?? "round_robin");
  const [proof, setProof] = useState<Record<ProofPart, boolean>>(
    s?.proofRequirements ?? { photo: true, receiverName: true, signature: false, notes: false },
  );
  const [carrierName, setCarrierName] = useState(s?.carrierName ?? "");
  const [from, setFrom] = useState(day(data.from));
  const [to, setTo] = useState(day(data.to));
  const title = t("Ajustes de reparto", "Delivery settings");
  if (!data.connected) {
    return <NotConnectedPage title={title} lang={data.lang} />;
  }
  return (
    <Page title={title}>
      <BlockStack gap="400">
        <ResultBanner result={result} lang={data.lang} />
        <Card>
          <Form method="post" id="courier-settings-form">
            {PARTS.map((p) => (proof[p] ? <input key={p} type="hidden" name={`proof-${p}`} value="on" /> : null))}
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("Cómo se reparte", "How deliveries are handed out")}
              </Text>
              <FormLayout>
                <Select
                  label={t("Regla de asignación", "Assignment rule")}
                  name="rule"
                  options={Object.entries(RULES).map(([value, l]) => ({ value, label: l[data.lang] }))}
                  value={rule}
                  onChange={setRule}
                />
                <TextField
                  label={t("Nombre del transportista", "Carrier name")}
                  name="carrierName"
                  value={carrierName}
                  onChange={setCarrierName}
                  autoComplete="off"
                  helpText={t(
                    "Lo que la tienda muestra al comprador como transportista de sus despachos propios.",
                    "What the store shows the buyer as the carrier of own deliveries.",
                  )}
                />
              </FormLayout>
              <BlockStack gap="100">
                <Text as="p">
                  {t("Prueba de entrega que exige la app del repartidor", "Proof of delivery the courier app requires")}
                </Text>
                <InlineStack gap="300" wrap>
                  {PARTS.map((p) => (
                    <Checkbox
                      key={p}
                      label={PROOF[p][data.lang]}
                      checked={proof[p]}
                      onChange={(on) => setProof((x) => ({ ...x, [p]: on }))}
                    />
                  ))}
                </InlineStack>
              </BlockStack>
              <InlineStack>
                <Button submit variant="primary" loading={busy}>
                  {t("Guardar ajustes de reparto", "Save delivery settings")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("Liquidación de repartidores", "Courier settlement")}
            </Text>
            <Form method="get" id="settlement-form">
              <InlineStack gap="200" blockAlign="end" wrap>
                <TextField
                  label={t("Desde", "From")}
                  name="from"
                  placeholder="dd-mm-aaaa"
                  value={from}
                  onChange={setFrom}
                  autoComplete="off"
                />
                <TextField
                  label={t("Hasta", "To")}
                  name="to"
                  placeholder="dd-mm-aaaa"
                  value={to}
                  onChange={setTo}
                  autoComplete="off"
                />
                <Button submit>{t("Ver liquidación", "Show settlement")}</Button>
              </InlineStack>
            </Form>
            <div id="settlement">
              {data.badPeriod ? (
                <Text as="p" tone="critical">
                  {t("La fecha «Desde» es posterior a «Hasta».", "“From” is after “To”.")}
                </Text>
              ) : !data.report || data.report.length === 0 ? (
                <Text as="p">
                  {t(
                    `Sin entregas entre el ${day(data.from)} y el ${day(data.to)}.`,
                    `No deliveries between ${day(data.from)} and ${day(data.to)}.`,
                  )}
                </Text>
              ) : (
                <BlockStack gap="200">
                  <Text as="p" tone="subdued">
                    {t(
                      `Del ${day(data.from)} al ${day(data.to)}, ambos incluidos.`,
                      `${day(data.from)} to ${day(data.to)}, both included.`,
                    )}
                  </Text>
                  {data.report.map((c) => (
                    <Text as="p" key={c.courierId}>
                      {t(
                        `${c.courierName}: ${c.deliveries} ${c.deliveries === 1 ? "entrega" : "entregas"}, despachos por ${clp(c.fees)}, comisión ${clp(c.commissions)}${c.unpriced ? `; ${c.unpriced} sin tarifa, a liquidar a mano` : ""}.`,
                        `${c.courierName}: ${c.deliveries} deliveries, shipping ${clp(c.fees)}, commission ${clp(c.commissions)}${c.unpriced ? `; ${c.unpriced} unpriced, settle by hand` : ""}.`,
                      )}
                    </Text>
                  ))}
                </BlockStack>
              )}
            </div>
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
