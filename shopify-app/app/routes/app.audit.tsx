import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { BlockStack, Button, Card, DataTable, Page, Text } from "@shopify/polaris";
import { listAudit } from "@timbre/core/admin";
import { shopAdmin } from "../admin/admin-context.server";
import { translator } from "../admin/i18n";
import { formatDate } from "../admin/ui";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang } = await shopAdmin(request, context);
  if (!store) return { lang, rows: [], next: null };
  const before = new URL(request.url).searchParams.get("before");
  return {
    lang,
    ...(await listAudit(hub.db, store.companyId, { take: 50, ...(before && /^\d+$/.test(before) ? { before } : {}) })),
  };
};

/** One line of what an event carried, without dumping whole JSON blobs on the merchant. */
function summary(data: unknown): string {
  if (!data || typeof data !== "object") return "";
  return Object.entries(data as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(" · ")
    .slice(0, 160);
}

export default function Audit() {
  const { lang, rows, next } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const t = translator(lang);
  return (
    <Page title={t("Registro de auditoría", "Audit log")}>
      <BlockStack gap="400">
        <Card>
          {rows.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("Sin eventos todavía.", "No events yet.")}
            </Text>
          ) : (
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "text"]}
              headings={[
                t("Cuándo", "When"),
                t("Sobre", "Subject"),
                t("Qué", "What"),
                t("Quién", "Who"),
                t("Detalle", "Detail"),
              ]}
              rows={rows.map((r) => [formatDate(r.at, lang), r.subjectType, r.action, r.actor, summary(r.data)])}
            />
          )}
        </Card>
        {next ? (
          <BlockStack inlineAlign="center">
            <Button
              onClick={() => {
                const p = new URLSearchParams(params);
                p.set("before", next);
                setParams(p);
              }}
            >
              {t("Más antiguos", "Older")}
            </Button>
          </BlockStack>
        ) : null}
      </BlockStack>
    </Page>
  );
}
