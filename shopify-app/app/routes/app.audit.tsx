import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { BlockStack, Button, Card, Page, Text } from "@shopify/polaris";
import { listAudit } from "@timbre/core/admin";
import { shopAdmin } from "../admin/admin-context.server";
import { translator } from "../admin/i18n";
import { HistoryList } from "../admin/ui";

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang } = await shopAdmin(request, context);
  if (!store) return { lang, rows: [], next: null };
  const before = new URL(request.url).searchParams.get("before");
  return {
    lang,
    ...(await listAudit(hub.db, store.companyId, { take: 50, ...(before && /^\d+$/.test(before) ? { before } : {}) })),
  };
};

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
            <HistoryList rows={rows} lang={lang} />
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
