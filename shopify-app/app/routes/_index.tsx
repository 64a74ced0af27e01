import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppProvider, Badge, BlockStack, Card, InlineStack, Link, List, Page, Text } from "@shopify/polaris";
import es from "@shopify/polaris/locales/es.json";
import "../load-context";

export const meta: MetaFunction = () => [{ title: "Timbre — hub" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const { hub } = context;
  const [health, companies, stores] = await Promise.all([
    hub.health(),
    hub.db.company.findMany({ orderBy: { createdAt: "asc" }, take: 5, select: { rut: true, businessName: true, environment: true } }),
    hub.db.store.findMany({ orderBy: { createdAt: "asc" }, take: 20, select: { name: true, platform: true, shopDomain: true } }),
  ]);
  return {
    health,
    database: hub.database.kind,
    demo: hub.config.demo,
    companies,
    stores,
    shopifyConfigured: Boolean(process.env.SHOPIFY_API_KEY),
  };
}

const ENVIRONMENT_LABEL = { certification: "Certificación", production: "Producción" } as const;

export default function Landing() {
  const data = useLoaderData<typeof loader>();
  return (
    <AppProvider i18n={es}>
      <Page title="Timbre" subtitle="Vende, factura (DTE del SII) y despacha sin digitar dos veces · Sell, invoice and ship">
        <BlockStack gap="400">
          <Card>
            <BlockStack gap="200">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  Estado del hub
                </Text>
                <Badge tone={data.health.database === "up" ? "success" : "critical"}>
                  {data.health.database === "up" ? "Base de datos en línea" : "Base de datos caída"}
                </Badge>
                {data.demo ? <Badge tone="attention">Modo demo</Badge> : null}
              </InlineStack>
              <Text as="p">
                Versión {data.health.version} · base de datos {data.database === "embedded" ? "integrada (PGlite en .data/)" : "PostgreSQL"}
              </Text>
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Empresas emisoras
              </Text>
              {data.companies.length === 0 ? (
                <Text as="p" tone="subdued">
                  Aún no hay empresa. Configúrela con <code>npx timbre company set</code>.
                </Text>
              ) : (
                <List>
                  {data.companies.map((c) => (
                    <List.Item key={c.rut}>
                      {c.businessName} ({c.rut}) — {ENVIRONMENT_LABEL[c.environment]}
                    </List.Item>
                  ))}
                </List>
              )}
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Tiendas conectadas
              </Text>
              {data.stores.length === 0 ? (
                <Text as="p" tone="subdued">
                  Ninguna tienda conectada todavía.
                </Text>
              ) : (
                <List>
                  {data.stores.map((s) => (
                    <List.Item key={`${s.platform}:${s.shopDomain ?? s.name}`}>
                      {s.name} · {s.platform}
                      {s.shopDomain ? ` · ${s.shopDomain}` : ""}
                    </List.Item>
                  ))}
                </List>
              )}
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Enlaces
              </Text>
              <List>
                <List.Item>
                  {data.shopifyConfigured ? (
                    <Link url="/app">Administración (app de Shopify)</Link>
                  ) : (
                    <>Administración de Shopify: defina SHOPIFY_API_KEY y SHOPIFY_API_SECRET para activarla.</>
                  )}
                </List.Item>
                <List.Item>
                  <Link url="/api/v1/openapi.json">API de sincronización (OpenAPI)</Link>
                </List.Item>
                <List.Item>
                  <Link url="/healthz">Estado (/healthz)</Link>
                </List.Item>
              </List>
            </BlockStack>
          </Card>
        </BlockStack>
      </Page>
    </AppProvider>
  );
}
