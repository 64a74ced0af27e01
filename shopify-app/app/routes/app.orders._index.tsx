import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, IndexTable, InlineStack, Page, Tabs, Text } from "@shopify/polaris";
import { listStoreOrders } from "@timbre/core/admin";
import { shopAdmin } from "../admin/admin-context.server";
import { docLabel, ORDER_STATUS_NAMES, STATE_NAMES, translator, withLang } from "../admin/i18n";
import { clp } from "../admin/ui";

const SHOWS = ["all", "pending", "issued"] as const;

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const { hub, store, lang } = await shopAdmin(request, context);
  const url = new URL(request.url);
  const show = SHOWS.find((s) => s === url.searchParams.get("show")) ?? "all";
  if (!store) return { lang, show, orders: [], next: null };
  const page = await listStoreOrders(hub.db, store.id, {
    show,
    search: url.searchParams.get("q") ?? undefined,
    after: url.searchParams.get("after") ?? undefined,
  });
  return { lang, show, ...page };
};

export default function Orders() {
  const { lang, show, orders, next } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const t = translator(lang);
  const tabs = [
    { id: "all", content: t("Todos", "All") },
    { id: "pending", content: t("Pendientes", "Pending") },
    { id: "issued", content: t("Con documento", "With document") },
  ];
  return (
    <Page title={t("Pedidos y documentos", "Orders and documents")}>
      <Card padding="0">
        <Tabs
          tabs={tabs}
          selected={SHOWS.indexOf(show)}
          onSelect={(i) => {
            const p = new URLSearchParams(params);
            p.set("show", SHOWS[i]!);
            p.delete("after");
            setParams(p);
          }}
        />
        <IndexTable
          resourceName={{ singular: t("pedido", "order"), plural: t("pedidos", "orders") }}
          itemCount={orders.length}
          selectable={false}
          headings={[
            { title: t("Pedido", "Order") },
            { title: t("Estado", "Status") },
            { title: t("Comprador", "Buyer") },
            { title: t("Documentos", "Documents") },
          ]}
          emptyState={
            <Text as="p" tone="subdued" alignment="center">
              {t("Aún no hay pedidos.", "No orders yet.")}
            </Text>
          }
        >
          {orders.map((o, i) => {
            const buyer = (o.buyer ?? {}) as { name?: string; document?: string; rut?: string };
            const pending = ((o.pendingReasons as unknown as unknown[] | null) ?? []).length > 0;
            return (
              <IndexTable.Row id={o.id} key={o.id} position={i}>
                <IndexTable.Cell>
                  <RemixLink to={withLang(`/app/orders/${encodeURIComponent(o.externalId)}`, lang)}>
                    {o.number ?? o.externalId}
                  </RemixLink>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <InlineStack gap="100">
                    <Badge>{ORDER_STATUS_NAMES[o.status]?.[lang] ?? t("Otro estado", "Other state")}</Badge>
                    {pending ? <Badge tone="attention">{t("Pendiente", "Pending")}</Badge> : null}
                  </InlineStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  {buyer.name ?? "—"}
                  {buyer.document === "factura" ? ` · ${t("factura", "invoice")} ${buyer.rut ?? ""}` : ""}
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack gap="100">
                    {o.documents.map((d) => (
                      <InlineStack gap="100" key={d.id}>
                        <Text as="span">
                          {docLabel(d.type, d.folio, lang)} · {clp(d.total)}
                        </Text>
                        <Badge tone={STATE_NAMES[d.state]?.tone}>{STATE_NAMES[d.state]?.[lang] ?? d.state}</Badge>
                      </InlineStack>
                    ))}
                  </BlockStack>
                </IndexTable.Cell>
              </IndexTable.Row>
            );
          })}
        </IndexTable>
      </Card>
      {next ? (
        <BlockStack inlineAlign="center">
          <Button
            onClick={() => {
              const p = new URLSearchParams(params);
              p.set("after", next);
              setParams(p);
            }}
          >
            {t("Más antiguos", "Older")}
          </Button>
        </BlockStack>
      ) : null}
    </Page>
  );
}
