import type { z } from "@hono/zod-openapi";
import type { Store } from "@prisma/client";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ResponseDoc {
  description: string;
  /** JSON body (its examples come from the schema's `.openapi({ example })`). */
  schema?: z.ZodType;
  /** Non-JSON bodies (PDF, images, CSV). */
  contentType?: string;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<B, Q, A extends "store" | "none"> {
  request: Request;
  url: URL;
  params: Record<string, string>;
  body: Out<B>;
  query: Out<Q>;
  /** The authenticated calling store (routes with `auth: "store"`). */
  store: A extends "store" ? Store : undefined;
}

export interface RouteSpec<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  A extends "store" | "none",
> {
  method: Method;
  /** `:name` segments become path parameters. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  /** "store": `Authorization: Bearer <API key>`, and on writes a signature (api/store-auth.ts). */
  auth: A;
  body?: B;
  query?: Q;
  /** Path parameters, documented (and checked) by this schema. */
  params?: z.ZodObject;
  responses: Record<number, ResponseDoc>;
  handler: (input: RouteInput<B, Q, A>) => Promise<Response> | Response;
}

/**
 * One sync API route: what serves it and what documents it (/api/v1/openapi.json) are the same
 * definition, so the document cannot drift from what is validated.
 */
export interface ApiRoute {
  method: Method;
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  auth: "store" | "none";
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodObject;
  responses: Record<number, ResponseDoc>;
  serve(input: RouteInput<z.ZodType, z.ZodType, "store" | "none">): Promise<Response> | Response;
}

export function apiRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  A extends "store" | "none" = "store",
>(spec: RouteSpec<B, Q, A>): ApiRoute {
  const { handler, ...rest } = spec;
  // The mount validated body, query and store against this very spec before calling.
  return { ...rest, serve: (input) => handler(input as unknown as RouteInput<B, Q, A>) } as ApiRoute;
}
