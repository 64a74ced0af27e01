// `npm run dev:admin`: the embedded Shopify admin in a plain browser tab, offline. It starts the hub
// with the demo (and its emulated shop timbre-demo.myshopify.com), then serves the admin through a
// small proxy that does what Shopify's iframe would: every request carries a session token signed
// with the app's secret for the demo shop, and App Bridge (a CDN script) is replaced by a local stub.
// Development only: it refuses to run with TIMBRE_ENV/NODE_ENV=production.
import http from "node:http";

if ((process.env.TIMBRE_ENV ?? process.env.NODE_ENV) === "production") {
  console.error("dev:admin: es solo para desarrollo (TIMBRE_ENV/NODE_ENV=production).");
  process.exit(1);
}
process.env.SHOPIFY_API_KEY ??= "dev-key";
process.env.SHOPIFY_API_SECRET ??= "dev-secret";
process.env.TIMBRE_DEMO ??= "1";
process.env.PORT ??= "3000";
const SHOP = "timbre-demo.myshopify.com";
const HOST = Buffer.from(`admin.shopify.com/store/${SHOP.split(".")[0]}`).toString("base64url");
const adminPort = Number(process.env.DEV_ADMIN_PORT ?? 3001);

await import("../dist/server.js");
const { signSessionToken } = await import("../dist/testing/index.js");
const hubPort = Number(process.env.PORT);
const token = () =>
  signSessionToken({
    apiKey: process.env.SHOPIFY_API_KEY,
    apiSecret: process.env.SHOPIFY_API_SECRET,
    shop: SHOP,
    ttlSeconds: 300,
  });

// What App Bridge gives the app: session tokens (fresh from this proxy) on its own fetches.
const APP_BRIDGE_STUB = `(() => {
  let cached = null;
  const fresh = async () => (cached = await (await fetch("/__dev/token", { headers: { "x-dev": "1" } })).text());
  window.shopify = {
    config: { apiKey: ${JSON.stringify(process.env.SHOPIFY_API_KEY)}, shop: ${JSON.stringify(SHOP)}, locale: "es" },
    idToken: fresh,
    toast: { show: (m) => console.info("[toast]", m) },
    loading() {},
    environment: { embedded: true, mobile: false, pos: false },
  };
  const original = window.fetch.bind(window);
  window.fetch = async (input, init = {}) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, location.href);
    if (url.origin === location.origin && !url.pathname.startsWith("/__dev/")) {
      const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
      headers.set("Authorization", "Bearer " + (cached ?? (await fresh())));
      init = { ...init, headers };
    }
    return original(input, init);
  };
})();`;

http
  .createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://localhost:${adminPort}`);
    if (url.pathname === "/__dev/token") {
      res.writeHead(200, { "content-type": "text/plain" }).end(token());
      return;
    }
    if (url.pathname === "/__dev/app-bridge.js") {
      res.writeHead(200, { "content-type": "application/javascript" }).end(APP_BRIDGE_STUB);
      return;
    }
    if (url.pathname === "/") {
      res.writeHead(302, { location: "/app" }).end();
      return;
    }
    // A page load inside Shopify carries these; the library reads them to authenticate the document.
    if (url.pathname.startsWith("/app") && req.method === "GET" && !url.searchParams.has("id_token")) {
      url.searchParams.set("embedded", "1");
      url.searchParams.set("shop", SHOP);
      url.searchParams.set("host", HOST);
      url.searchParams.set("id_token", token());
    }
    const headers = { ...req.headers, host: `127.0.0.1:${hubPort}` };
    if (url.pathname.startsWith("/app")) headers.authorization ??= `Bearer ${token()}`;
    delete headers["accept-encoding"];
    const upstream = http.request(
      { host: "127.0.0.1", port: hubPort, path: url.pathname + url.search, method: req.method, headers },
      (up) => {
        const html = String(up.headers["content-type"] ?? "").includes("text/html");
        if (!html) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const chunks = [];
        up.on("data", (c) => chunks.push(c));
        up.on("end", () => {
          const body = Buffer.concat(chunks)
            .toString("utf8")
            .replaceAll("https://cdn.shopify.com/shopifycloud/app-bridge.js", "/__dev/app-bridge.js");
          const { "content-length": _drop, ...rest } = up.headers;
          res.writeHead(up.statusCode ?? 502, rest);
          res.end(body);
        });
      },
    );
    upstream.on("error", () => res.writeHead(502).end("El hub no responde."));
    req.pipe(upstream);
  })
  .listen(adminPort, "127.0.0.1", () => {
    console.log(`Administración de Shopify (modo desarrollo, fuera del iframe): http://localhost:${adminPort}/app`);
    console.log(`  Sesión firmada para ${SHOP}; App Bridge simulado. Solo para desarrollo.`);
  });
