import type { z } from "zod";

/** A tiny method + path router; `:name` segments become params. */
export interface RouteContext {
  request: Request;
  url: URL;
  params: Record<string, string>;
}

export type RouteHandler = (ctx: RouteContext) => Promise<Response>;

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  handler: RouteHandler;
  /** Documentation from which /api/v1/openapi.json is generated, so the document cannot drift. */
  doc: RouteDoc;
}

export interface RouteDoc {
  summary: string;
  tags?: string[];
  /** Requires `Authorization: Bearer <store API key>`; writes also `X-Timbre-Signature`. */
  auth?: "store" | "none";
  body?: z.ZodType;
  query?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

export function compileRoutes(
  routes: Route[],
): (
  method: string,
  pathname: string,
) => { route: Route; params: Record<string, string> } | "method_not_allowed" | undefined {
  const compiled: CompiledRoute[] = routes.map((r) => {
    const names: string[] = [];
    const source = r.path
      .split("/")
      .map((seg) => {
        if (!seg.startsWith(":")) return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        names.push(seg.slice(1));
        return "([^/]+)";
      })
      .join("/");
    return { ...r, names, pattern: new RegExp(`^${source}$`) };
  });
  return (method, pathname) => {
    let pathMatched = false;
    for (const r of compiled) {
      const m = r.pattern.exec(pathname);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? "")));
      return { route: r, params };
    }
    return pathMatched ? "method_not_allowed" : undefined;
  };
}
