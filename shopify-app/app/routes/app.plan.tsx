import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, List, Page, Text } from "@shopify/polaris";
import { companyUsage, ensureUsageSubscription, monthOf, usageSubscriptionState } from "@timbre/core/admin";
import { day } from "@timbre/core/labels";
import { useEffect } from "react";
import { failure, notConnected, shopAdmin, type ActionResult } from "../admin/admin-context.server";
import { translator, type Lang } from "../admin/i18n";
import { ResultBanner } from "../admin/ui";
import { shopifyEnv } from "../shopify.server";

/**
 * The Plan screen: the month's usage (what GET /api/v1/billing/usage answers) and the Shopify usage
 * subscription. Without an active one the merchant approves it here: the action creates it (or
 * returns the pending one: a second click never makes a second subscription) and the page sends the
 * whole admin to Shopify's confirmation URL, which returns to this screen.
 */
export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang } = await shopAdmin(request, context);
  if (!store) return { lang, connected: false as const };
  const [usage, subscription] = await Promise.all([
    companyUsage(hub.db, store.company, monthOf(new Date())),
    usageSubscriptionState(hub.db, store.id),
  ]);
  return { lang, connected: true as const, usage, subscription };
};

type PlanAction = ActionResult | { ok: true; confirmationUrl: string };

export const action = async ({ request, context }: ActionFunctionArgs): Promise<PlanAction> => {
  const { hub, store, shop } = await shopAdmin(request, context);
  if (!store) return notConnected();
  try {
    // Shopify sends the merchant back here inside the admin (the app's embedded URL), not to our host.
    const returnUrl = `https://admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}/apps/${shopifyEnv.apiKey}/app/plan`;
    const sub = await ensureUsageSubscription(hub.db, store.id, { returnUrl });
    if (sub.status === "ACTIVE")
      return { ok: true, message: { es: "El plan ya está activo.", en: "The plan is already active." } };
    return { ok: true, confirmationUrl: sub.confirmationUrl };
  } catch (e) {
    return failure(e);
  }
};

const MONTHS = [
  "enero",
  "febrero",
  "marzo",
  "abril",
  "mayo",
  "junio",
  "julio",
  "agosto",
  "septiembre",
  "octubre",
  "noviembre",
  "diciembre",
];
const MONTHS_EN = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function monthName(month: string, lang: Lang): string {
  const [y, m] = month.split("-").map(Number);
  return lang === "en" ? `${MONTHS_EN[m! - 1]} ${y}` : `${MONTHS[m! - 1]} de ${y}`;
}

const pesos = (n: number) => `$${n.toLocaleString("es-CL")}`;

const STATUS: Record<string, { es: string; en: string; tone?: "success" | "attention" | "critical" }> = {
  ACTIVE: { es: "Activo", en: "Active", tone: "success" },
  PENDING: { es: "Pendiente de su aprobación", en: "Waiting for your approval", tone: "attention" },
  DECLINED: { es: "Rechazado", en: "Declined", tone: "critical" },
  CANCELLED: { es: "Cancelado", en: "Cancelled", tone: "critical" },
  EXPIRED: { es: "Vencido", en: "Expired", tone: "critical" },
  FROZEN: { es: "Suspendido por Shopify", en: "Frozen by Shopify", tone: "critical" },
};

const PROVISIONAL: Record<string, { es: string; en: string }> = {
  month_open: { es: "el mes aún no termina", en: "the month is not over" },
  uf_missing: {
    es: "aún no se publica la UF del último día del mes (se usa la última conocida)",
    en: "the UF of the month's last day is not out yet (the last known one is used)",
  },
  uf_not_loaded: { es: "aún no hay valores de la UF cargados", en: "no UF values are loaded yet" },
};

export default function Plan() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = translator(data.lang);
  const confirmationUrl = result && "confirmationUrl" in result ? result.confirmationUrl : undefined;
  // A top-level redirect out of the admin iframe: App Bridge turns window.open(url, "_top") into one.
  useEffect(() => {
    if (confirmationUrl) window.open(confirmationUrl, "_top");
  }, [confirmationUrl]);

  if (!data.connected) {
    return (
      <Page title={t("Plan", "Plan")}>
        <Banner
          tone="critical"
          title={t("Primero registre la empresa en Configuración inicial.", "First register the company in Setup.")}
        />
      </Page>
    );
  }
  const u = data.usage;
  const sub = data.subscription;
  const status = sub ? (STATUS[sub.status] ?? { es: "Sin aprobar", en: "Not approved" }) : null;
  const active = sub?.status === "ACTIVE";
  const tier =
    u.tier.to === null
      ? t(
          `más de ${(u.tier.from - 1).toLocaleString("es-CL")} pedidos`,
          `over ${(u.tier.from - 1).toLocaleString("es-CL")} orders`,
        )
      : t(
          `${u.tier.from.toLocaleString("es-CL")} a ${u.tier.to.toLocaleString("es-CL")} pedidos`,
          `${u.tier.from.toLocaleString("es-CL")} to ${u.tier.to.toLocaleString("es-CL")} orders`,
        );
  return (
    <Page title={t("Plan de Timbre", "Timbre plan")} subtitle={monthName(u.month, data.lang)}>
      <BlockStack gap="400">
        {result && !("confirmationUrl" in result) ? <ResultBanner result={result} lang={data.lang} /> : null}
        {u.fairUse.map((w) => (
          <Banner key={w.code} tone="warning" title={t("Uso muy por sobre lo habitual", "Use far above typical")}>
            <p>{w.message[data.lang]}</p>
          </Banner>
        ))}
        <Card>
          <BlockStack gap="300">
            <InlineStack gap="200" align="space-between" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {t("Suscripción en Shopify", "Shopify subscription")}
              </Text>
              {status ? (
                <Badge tone={status.tone}>{status[data.lang]}</Badge>
              ) : (
                <Badge tone="attention">{t("Sin aprobar", "Not approved")}</Badge>
              )}
            </InlineStack>
            {active ? (
              <Text as="p" id="plan-status">
                {t(
                  `Activa. Shopify cobra cada mes según los pedidos, con un tope de ${pesos(sub.cappedAmount)} al mes.`,
                  `Active. Shopify charges monthly by orders, capped at ${pesos(sub.cappedAmount)} a month.`,
                )}
              </Text>
            ) : (
              <BlockStack gap="300">
                <Text as="p" id="plan-status">
                  {t(
                    "Para seguir usando Timbre, apruebe el cobro mensual por pedidos en Shopify. Shopify le mostrará el tope mensual antes de aprobar.",
                    "To keep using Timbre, approve the monthly charge by orders in Shopify. Shopify shows you the monthly cap before you approve.",
                  )}
                </Text>
                <Form method="post">
                  <Button submit variant="primary" loading={busy || Boolean(confirmationUrl)}>
                    {t("Aprobar plan de Timbre", "Approve the Timbre plan")}
                  </Button>
                </Form>
              </BlockStack>
            )}
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("Uso del mes", "This month's use")}
            </Text>
            <List>
              <List.Item>
                <span id="plan-orders">
                  {t(
                    `Pedidos contados: ${u.ordersCounted.toLocaleString("es-CL")}`,
                    `Orders counted: ${u.ordersCounted.toLocaleString("es-CL")}`,
                  )}
                </span>
              </List.Item>
              <List.Item>
                {t("Tramo", "Tier")}: {tier}
                {u.ufHundredths === 0 ? t(" (gratis)", " (free)") : ""}
              </List.Item>
              <List.Item>
                {t("Cargo", "Charge")}: {u.uf} UF
                {u.clp !== null ? ` = ${pesos(u.clp)}` : ""}
              </List.Item>
              <List.Item>
                {u.ufValue
                  ? t(
                      `Valor UF: $${u.ufValue.value} del ${day(u.ufValue.date)}`,
                      `UF value: $${u.ufValue.value} on ${day(u.ufValue.date)}`,
                    )
                  : t("Valor UF: aún no disponible", "UF value: not available yet")}
              </List.Item>
            </List>
            {u.provisional ? (
              <Text as="p" tone="subdued" id="plan-provisional">
                {t("Monto provisorio: ", "Provisional amount: ")}
                {u.provisionalReasons.map((r) => PROVISIONAL[r]?.[data.lang] ?? r).join("; ")}.
              </Text>
            ) : null}
            <Text as="p" tone="subdued">
              {t(
                "Se cuentan los pedidos nuevos del mes en todas sus tiendas; reintentos, actualizaciones y pedidos de prueba no se cuentan. Productos ilimitados.",
                "New orders of the month across all your stores count; retries, updates and test orders do not. Unlimited products.",
              )}
            </Text>
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
