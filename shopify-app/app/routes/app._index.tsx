import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useLoaderData, useRevalidator } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  List,
  Page,
  Text,
} from "@shopify/polaris";
import { dashboardSummary, usageSubscriptionState } from "@timbre/core/admin";
import { day } from "@timbre/core/labels";
import { useEffect } from "react";
import { shopAdmin } from "../admin/admin-context.server";
import { docLabel, translator, typeName, withLang } from "../admin/i18n";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang, shop } = await shopAdmin(request, context);
  if (!store) return { lang, shop, connected: false as const };
  return {
    lang,
    shop,
    connected: true as const,
    company: store.company.businessName,
    environment: store.company.environment,
    summary: await dashboardSummary(hub.db, { companyId: store.companyId, storeId: store.id }),
    // The stored status only: this page refreshes every 15 s, the Plan screen asks Shopify.
    planApproved: (await usageSubscriptionState(hub.db, store.id, { refresh: false }))?.status === "ACTIVE",
  };
};

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.lang);
  const revalidator = useRevalidator();
  // Documents move on their own (SII answers, new orders): refresh while the page is open.
  useEffect(() => {
    const id = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 15_000);
    return () => clearInterval(id);
  }, [revalidator]);

  if (!data.connected) {
    return (
      <Page title="Timbre">
        <Banner tone="info" title={t("Bienvenido a Timbre", "Welcome to Timbre")}>
          <p>
            {t(
              "Para emitir boletas y facturas automáticamente, registre su empresa, su certificado y sus folios.",
              "To issue receipts and invoices automatically, register your company, certificate and folios.",
            )}{" "}
            <RemixLink to={withLang("/app/onboarding", data.lang)}>
              {t("Comenzar la configuración", "Start setup")}
            </RemixLink>
          </p>
        </Banner>
      </Page>
    );
  }
  const s = data.summary;
  const expiring = s.folios.filter((f) => f.expiresInDays !== null && f.expiresInDays <= 30);
  return (
    <Page
      title={t("Resumen", "Dashboard")}
      subtitle={`${data.company} · ${data.environment === "production" ? t("Producción", "Production") : t("Certificación", "Certification")}`}
    >
      <BlockStack gap="400">
        {!data.planApproved ? (
          <Banner tone="warning" title={t("Falta aprobar el plan de Timbre", "The Timbre plan is not approved yet")}>
            <p>
              {t(
                "Apruebe en Shopify el cobro mensual por pedidos para seguir usando Timbre.",
                "Approve the monthly charge by orders in Shopify to keep using Timbre.",
              )}{" "}
              <RemixLink to={withLang("/app/plan", data.lang)}>{t("Ver el plan", "See the plan")}</RemixLink>
            </p>
          </Banner>
        ) : null}
        {s.folios.some((f) => f.low) || s.folios.length === 0 ? (
          <Banner tone="warning" title={t("Quedan pocos folios", "Few folios left")}>
            <p>
              {t(
                "Descargue un CAF nuevo en el SII y cárguelo en Configuración inicial.",
                "Download a new CAF from the SII and upload it in Setup.",
              )}
            </p>
          </Banner>
        ) : null}
        {expiring.length > 0 ? (
          <Banner tone="warning" title={t("CAF por vencer", "CAF expiring")}>
            <List>
              {expiring.map((f) => (
                <List.Item key={f.type}>
                  {typeName(f.type, data.lang)}: {t("vence el", "expires on")} {day(f.expiresAt)} ({f.expiresInDays}{" "}
                  {t("días", "days")})
                </List.Item>
              ))}
            </List>
          </Banner>
        ) : null}
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("Documentos de hoy", "Documents today")}
              </Text>
              <Text as="p" variant="heading2xl" id="documents-today">
                {s.today.total}
              </Text>
              <InlineStack gap="200">
                {s.today.byType.map((b) => (
                  <Badge key={b.type}>{`${typeName(b.type, data.lang)}: ${b.count}`}</Badge>
                ))}
              </InlineStack>
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("Pendientes", "Pending")}
              </Text>
              <Text as="p" variant="heading2xl">
                {s.pending.length}
              </Text>
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("Rechazados por el SII", "Rejected by the SII")}
              </Text>
              <Text as="p" variant="heading2xl" tone={s.rejected.length > 0 ? "critical" : undefined}>
                {s.rejected.length}
              </Text>
            </BlockStack>
          </Card>
        </InlineGrid>
        <Layout>
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("Pedidos pendientes y por qué", "Pending orders and why")}
                </Text>
                {s.pending.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("Nada pendiente.", "Nothing pending.")}
                  </Text>
                ) : (
                  <List>
                    {s.pending.map((p) => (
                      <List.Item key={p.orderId}>
                        <RemixLink to={withLang(`/app/orders/${encodeURIComponent(p.externalId)}`, data.lang)}>
                          {p.number ?? p.externalId}
                        </RemixLink>
                        : {p.reasons.map((r) => `${r.message}${r.action ? ` (${r.action})` : ""}`).join(" · ")}
                      </List.Item>
                    ))}
                  </List>
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("Folios disponibles", "Folios left")}
                </Text>
                <DataTable
                  columnContentTypes={["text", "numeric", "text"]}
                  headings={[t("Tipo", "Type"), t("Quedan", "Left"), t("Vence", "Expires")]}
                  rows={s.folios.map((f) => [
                    typeName(f.type, data.lang),
                    f.remaining.toLocaleString("es-CL"),
                    f.expiresAt ? day(f.expiresAt) : t("no vence", "never"),
                  ])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
        {s.rejected.length > 0 ? (
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("Rechazos del SII", "SII rejections")}
              </Text>
              <List>
                {s.rejected.map((r) => (
                  <List.Item key={r.documentId}>
                    {docLabel(r.type, r.folio, data.lang)} ({day(r.issueDate)})
                    {r.orderExternalId ? (
                      <>
                        {" · "}
                        <RemixLink
                          to={withLang(`/app/orders/${encodeURIComponent(r.orderExternalId)}`, data.lang)}
                        >{`${t("pedido", "order")} ${r.orderExternalId}`}</RemixLink>
                      </>
                    ) : null}
                    : {r.reason ?? t("sin detalle del SII", "no detail from the SII")}
                  </List.Item>
                ))}
              </List>
            </BlockStack>
          </Card>
        ) : null}
      </BlockStack>
    </Page>
  );
}
