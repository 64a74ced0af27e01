const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/**
 * Who may frame a page. The embedded admin (/app) only inside its shop's admin and
 * admin.shopify.com, as Shopify requires; every other page of ours, nobody. Applied to HTML
 * documents only, and never loosening a policy the page already set.
 */
export function frameAncestors(request: Request, response: Response): Response {
  if (!(response.headers.get("content-type") ?? "").includes("text/html")) return response;
  const url = new URL(request.url);
  const existing = response.headers.get("content-security-policy");
  if (existing?.includes("frame-ancestors")) return response;
  let policy = "frame-ancestors 'none'";
  if (url.pathname === "/app" || url.pathname.startsWith("/app/")) {
    const shop = url.searchParams.get("shop")?.toLowerCase();
    policy = `frame-ancestors ${shop && SHOP_DOMAIN.test(shop) ? `https://${shop} ` : ""}https://admin.shopify.com`;
  }
  const res = new Response(response.body, response);
  res.headers.set("content-security-policy", existing ? `${existing}; ${policy}` : policy);
  if (policy.includes("'none'")) res.headers.set("x-frame-options", "DENY");
  return res;
}
