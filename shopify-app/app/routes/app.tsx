import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisTranslations from "@shopify/polaris/locales/es.json";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { authenticate, shopifyEnv } from "../shopify.server";

/**
 * The embedded admin's layout: every /app/* page is authenticated (session token → token exchange)
 * and rendered inside App Bridge + Polaris, in Spanish. Child routes read the shop's session with
 * `authenticate.admin(request)` again (cheap: the session is cached in storage).
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return { apiKey: shopifyEnv.apiKey };
};

export default function EmbeddedApp() {
  const { apiKey } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} i18n={polarisTranslations}>
      <NavMenu>
        <Link to="/app" rel="home">
          Inicio
        </Link>
        <Link to="/app/onboarding">Configuración inicial</Link>
        <Link to="/app/orders">Pedidos</Link>
        <Link to="/app/locations">Bodegas</Link>
        <Link to="/app/stock">Stock</Link>
        <Link to="/app/products">Productos</Link>
        <Link to="/app/movements">Movimientos de stock</Link>
        <Link to="/app/prices">Listas de precios</Link>
        <Link to="/app/deliveries">Entregas</Link>
        <Link to="/app/couriers">Repartidores</Link>
        <Link to="/app/zones">Zonas de reparto</Link>
        <Link to="/app/courier-settings">Ajustes de reparto</Link>
        <Link to="/app/plan">Plan</Link>
        <Link to="/app/settings">Ajustes</Link>
        <Link to="/app/audit">Registro</Link>
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs the library's error boundary and headers so auth redirects work inside the iframe.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
