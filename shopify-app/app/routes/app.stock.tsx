import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, List, Page, ProgressBar, Text } from "@shopify/polaris";
import { startStoreSync, syncStatus } from "@timbre/core/admin";
import { logger } from "@timbre/core/hub";
import { useEffect } from "react";
import { failure, notConnected, shopAdmin, success, type ActionResult } from "../admin/admin-context.server";
import { translator, type Lang } from "../admin/i18n";
import { formatDate, ResultBanner } from "../admin/ui";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang } = await shopAdmin(request, context);
  return { lang, status: store ? await syncStatus(hub.db, store.id) : null };
};

export const action = async ({ request, context }: ActionFunctionArgs): Promise<ActionResult> => {
  const { hub, store, actor } = await shopAdmin(request, context);
  if (!store) return notConnected();
  try {
    await startStoreSync(hub.db, store.id, {
      actor,
      onError: (e) => logger.error({ err: e, shop: store.shopDomain }, "shopify: store sync failed"),
    });
    return success("Sincronización iniciada.", "Sync started.");
  } catch (e) {
    return failure(e);
  }
};

const PHASES: Record<string, { es: string; en: string }> = {
  reading: { es: "Leyendo productos de Shopify", en: "Reading products from Shopify" },
  matching: { es: "Cruzando SKU", en: "Matching SKUs" },
  publishing: { es: "Publicando stock", en: "Publishing stock" },
  done: { es: "Terminada", en: "Finished" },
};

const RUN_STATES: Record<string, { es: string; en: string }> = {
  running: { es: "En curso", en: "Running" },
  done: { es: "Terminada", en: "Finished" },
  failed: { es: "Falló", en: "Failed" },
};

function eta(seconds: number | null, lang: Lang): string {
  if (seconds === null) return "";
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return lang === "en"
    ? ` · about ${m > 0 ? `${m} min ` : ""}${s} s left`
    : ` · quedan ~${m > 0 ? `${m} min ` : ""}${s} s`;
}

export default function Stock() {
  const { lang, status } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const revalidator = useRevalidator();
  const t = translator(lang);
  const run = status?.run ?? null;
  const running = run?.state === "running";
  // Long work shows progress: poll every second while a sync runs.
  useEffect(() => {
    if (!running) return;
    const id = setTimeout(() => revalidator.revalidate(), 1000);
    return () => clearTimeout(id);
  }, [running, run?.done, revalidator]);
  return (
    <Page title={t("Sincronización de stock", "Stock sync")}>
      <BlockStack gap="400">
        <ResultBanner result={result} lang={lang} />
        <Card>
          <BlockStack gap="300">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {t("Última sincronización", "Last sync")}
              </Text>
              {run ? (
                <Badge tone={run.state === "failed" ? "critical" : running ? "info" : "success"}>
                  {RUN_STATES[run.state]?.[lang] ?? run.state}
                </Badge>
              ) : null}
            </InlineStack>
            {run ? (
              <BlockStack gap="200">
                <Text as="p">
                  {PHASES[run.phase]?.[lang] ?? run.phase}: {run.done.toLocaleString("es-CL")} /{" "}
                  {run.total.toLocaleString("es-CL")}
                  {running ? eta(run.etaSeconds, lang) : ""}
                </Text>
                <ProgressBar
                  animated={running}
                  progress={run.total > 0 ? Math.round((run.done / run.total) * 100) : running ? 0 : 100}
                  tone={run.state === "failed" ? "critical" : "primary"}
                />
                <Text as="p" tone="subdued">
                  {t("Inicio", "Started")} {formatDate(run.startedAt, lang)} · {run.requests}{" "}
                  {t("llamadas a Shopify", "Shopify calls")}
                  {run.finishedAt ? ` · ${t("fin", "finished")} ${formatDate(run.finishedAt, lang)}` : ""}
                </Text>
                {run.error ? (
                  <Text as="p" tone="critical">
                    {run.error}
                  </Text>
                ) : null}
              </BlockStack>
            ) : (
              <Text as="p" tone="subdued">
                {t("Nunca se ha sincronizado.", "Never synced.")}
              </Text>
            )}
            <Form method="post">
              <Button submit variant="primary" loading={busy} disabled={running || status === null}>
                {t("Sincronizar ahora", "Sync now")}
              </Button>
            </Form>
          </BlockStack>
        </Card>
        {status ? (
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("Estado del catálogo", "Catalogue state")}
              </Text>
              <List>
                <List.Item>
                  {t("Cambios de stock por publicar", "Stock changes to publish")}: {status.publish.pending}
                  {status.publish.lastPublishedAt
                    ? ` · ${t("última publicación", "last published")} ${formatDate(status.publish.lastPublishedAt, lang)}`
                    : ""}
                </List.Item>
                <List.Item>
                  {t("Productos en Shopify", "Shopify listings")}: {status.report.counts.listings} ·{" "}
                  {t("cruzados por SKU", "matched by SKU")}: {status.report.counts.matched}
                </List.Item>
                <List.Item>
                  {t("SKU que Timbre no conoce", "SKUs Timbre does not know")}: {status.report.counts.unmatched}
                  {status.report.unmatched.length > 0
                    ? ` (${status.report.unmatched
                        .slice(0, 10)
                        .map((u) => u.sku)
                        .join(", ")}${status.report.unmatched.length > 10 ? "…" : ""})`
                    : ""}
                </List.Item>
                <List.Item>
                  {t("SKU repetidos (sus pedidos quedan pendientes)", "Duplicated SKUs (their orders stay pending)")}:{" "}
                  {status.report.counts.duplicate}
                  {status.report.duplicates.length > 0
                    ? ` (${status.report.duplicates
                        .slice(0, 10)
                        .map((d) => d.sku)
                        .join(", ")})`
                    : ""}
                </List.Item>
                <List.Item>
                  {t("Variantes sin SKU", "Variants without SKU")}: {status.report.counts.missingSku}
                </List.Item>
              </List>
            </BlockStack>
          </Card>
        ) : null}
      </BlockStack>
    </Page>
  );
}
