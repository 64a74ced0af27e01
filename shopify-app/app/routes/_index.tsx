import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { AppProvider, Badge, BlockStack, Button, Card, InlineStack, Link, List, Page, Text } from "@shopify/polaris";
import { documentLabel } from "@timbre/core/labels";
import { DEMO_COMPANY, DEMO_STORE, demoOrderProgress, simulatePaidOrder } from "@timbre/core/demo";
import { useEffect } from "react";
import es from "@shopify/polaris/locales/es.json";
import "../load-context";

export const meta: MetaFunction = () => [{ title: "Timbre — hub" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const { hub } = context;
  const simulated = new URL(request.url).searchParams.get("pedido");
  // The page is public: it names the demo's own company and stores, never a merchant's.
  const demo = hub.config.demo;
  const [health, companies, stores] = await Promise.all([
    hub.health(),
    demo
      ? hub.db.company.findMany({
          where: { rut: DEMO_COMPANY.rut },
          select: { rut: true, businessName: true, environment: true },
        })
      : [],
    demo
      ? hub.db.store.findMany({
          where: {
            company: { rut: DEMO_COMPANY.rut },
            OR: [
              { platform: "demo" },
              { shopDomain: { endsWith: "timbre-demo.myshopify.com" } },
              { shopDomain: DEMO_STORE.shopDomain },
            ],
          },
          orderBy: { createdAt: "asc" },
          select: { name: true, platform: true, shopDomain: true },
        })
      : [],
  ]);
  return {
    health,
    database: hub.database.kind,
    demo: hub.config.demo,
    companies,
    stores,
    shopifyConfigured: Boolean(process.env.SHOPIFY_API_KEY),
    simulated: hub.config.demo && simulated ? await demoOrderProgress(hub.db, hub.encryptor, simulated) : null,
  };
}

/** Demo only: a shopper pays an order in the demo store; the page then follows it to the SII. */
export async function action({ context, request }: ActionFunctionArgs) {
  if (!context.hub.config.demo) throw new Response("Solo en modo demo · Demo mode only", { status: 404 });
  const form = await request.formData();
  const { externalId } = await simulatePaidOrder(context.hub.db, {
    document: form.get("document") === "factura" ? "factura" : "boleta",
  });
  context.wake?.();
  return redirect(`/?pedido=${encodeURIComponent(externalId)}`);
}

const STATE_LABEL: Record<string, string> = {
  issued: "Emitido, esperando envío al SII",
  sent: "Enviado al SII, esperando respuesta",
  accepted: "Aceptado por el SII",
  accepted_with_objections: "Aceptado con reparos",
  rejected: "Rechazado por el SII",
};

function SimulatedOrder({ progress }: { progress: NonNullable<Awaited<ReturnType<typeof loader>>["simulated"]> }) {
  const revalidator = useRevalidator();
  // Follow the order until nothing more will happen by itself.
  useEffect(() => {
    if (progress.settled) return;
    const t = setTimeout(() => revalidator.revalidate(), 1000);
    return () => clearTimeout(t);
  }, [progress, revalidator]);
  const d = progress.document;
  const reasons = Array.isArray(progress.pendingReasons)
    ? (progress.pendingReasons as Array<{ message?: string }>)
    : [];
  return (
    <BlockStack gap="200">
      <Text as="p">
        Pedido {progress.number ?? progress.externalId} pagado.{" "}
        {d
          ? `${documentLabel(d.type, d.folio)} por $${d.total.toLocaleString("es-CL")}.`
          : reasons.length > 0
            ? "Quedó pendiente:"
            : "Emitiendo documento…"}
      </Text>
      {reasons.map((r, i) => (
        <Text as="p" tone="critical" key={i}>
          {r.message}
        </Text>
      ))}
      {d ? (
        <InlineStack gap="200" blockAlign="center">
          <Badge tone={d.state === "accepted" ? "success" : d.state === "rejected" ? "critical" : "info"}>
            {STATE_LABEL[d.state] ?? d.state}
          </Badge>
          {d.emailed ? <Badge tone="success">Enviado por correo al comprador</Badge> : null}
          <Link url={d.pdfUrl} target="_blank">
            Abrir PDF
          </Link>
          <Link url={d.xmlUrl} target="_blank">
            XML
          </Link>
        </InlineStack>
      ) : null}
    </BlockStack>
  );
}

const PLATFORM_NAMES: Record<string, string> = {
  shopify: "Shopify",
  jumpseller: "Jumpseller",
  woocommerce: "WooCommerce",
  prestashop: "PrestaShop",
  mercadolibre: "Mercado Libre",
  magento: "Magento",
  demo: "Tienda de demostración",
};

const ENVIRONMENT_LABEL = { certification: "Certificación", production: "Producción" } as const;

export default function Landing() {
  const data = useLoaderData<typeof loader>();
  return (
    <AppProvider i18n={es}>
      <Page title="Timbre" subtitle="Vende, emite boletas y facturas del SII y despacha sin digitar dos veces">
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
                Versión {data.health.version} · base de datos{" "}
                {data.database === "embedded" ? "integrada (PGlite en .data/)" : "PostgreSQL"}
              </Text>
            </BlockStack>
          </Card>
          {data.demo ? (
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Pruebe el flujo
                </Text>
                <Text as="p" tone="subdued">
                  Simule un pedido pagado en la tienda demo y siga su documento hasta la respuesta del SII de prueba
                  (emulador). Los documentos demo no tienen validez tributaria.
                </Text>
                <InlineStack gap="200">
                  <SimulateButton document="boleta" label="Simular pedido pagado (boleta)" />
                  <SimulateButton document="factura" label="Simular pedido con factura" />
                </InlineStack>
                {data.simulated ? <SimulatedOrder progress={data.simulated} /> : null}
              </BlockStack>
            </Card>
          ) : null}
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Empresas emisoras
              </Text>
              {data.companies.length === 0 ? (
                <Text as="p" tone="subdued">
                  {data.demo
                    ? "Aún no hay empresa demo."
                    : "Esta página pública no muestra empresas. Registre o revise la suya en la app Timbre de su tienda: Configuración inicial (en Shopify, Apps → Timbre)."}
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
                  {data.demo ? "Ninguna tienda demo todavía." : "Esta página pública no muestra tiendas."}
                </Text>
              ) : (
                <List>
                  {data.stores.map((s) => (
                    <List.Item key={`${s.platform}:${s.shopDomain ?? s.name}`}>
                      {s.name} · {PLATFORM_NAMES[s.platform] ?? s.platform}
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

function SimulateButton({ document, label }: { document: "boleta" | "factura"; label: string }) {
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post">
      <input type="hidden" name="document" value={document} />
      <Button submit variant={document === "boleta" ? "primary" : "secondary"} disabled={busy}>
        {label}
      </Button>
    </Form>
  );
}
