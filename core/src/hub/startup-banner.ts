/** What `npm start` prints once the hub listens: what is running, where, and how to use it. */
export interface BannerInfo {
  url: string;
  version: string;
  database: "embedded" | "postgres";
  dataDir: string;
  demo?: { company: string; rut: string; store: string };
  siiSandboxUrl?: string;
  siiBaseUrl?: string;
  shopify: { configured: boolean; demoShop?: string; emulatorUrl?: string };
  jumpseller: { apiUrl: string };
}

export function startupBanner(i: BannerInfo): string[] {
  const lines = [
    `Timbre ${i.version} — hub en ${i.url}`,
    `  Base de datos:  ${i.database === "embedded" ? `integrada (PGlite en ${i.dataDir})` : "PostgreSQL (DATABASE_URL)"}`,
  ];
  if (i.demo)
    lines.push(
      `  Demo:           ${i.demo.company} (${i.demo.rut}), tienda «${i.demo.store}»; abra ${i.url} y pruebe «Simular pedido pagado»`,
    );
  lines.push(
    `  SII:            ${i.siiSandboxUrl ? `emulador de pruebas en ${i.siiSandboxUrl} (nada tiene validez tributaria)` : i.siiBaseUrl ? `en ${i.siiBaseUrl} (TIMBRE_SII_BASE_URL)` : "servidores del SII"}`,
    `  Repartidores:   ${i.url}/courier`,
    `  Shopify:        ${
      !i.shopify.configured
        ? "apagado (defina SHOPIFY_API_KEY y SHOPIFY_API_SECRET)"
        : i.shopify.demoShop
          ? `app en ${i.url}/app; tienda demo ${i.shopify.demoShop} en el emulador ${i.shopify.emulatorUrl ?? ""}`
          : `app en ${i.url}/app`
    }`,
    `  Jumpseller:     ${i.jumpseller.apiUrl.startsWith("https://api.jumpseller.com") ? "Jumpseller real" : `emulador en ${i.jumpseller.apiUrl}`}; instale en ${i.url}/jumpseller/oauth/start?store=<tienda>`,
    `  Línea de comandos: npx timbre --help (p. ej. npx timbre caf list)`,
  );
  return lines;
}
