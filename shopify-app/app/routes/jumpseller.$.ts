import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import "../load-context";
import "../jumpseller.load-context";

// Every /jumpseller/* request (OAuth install, signed hooks with their raw body, the admin page) goes
// untouched to the Jumpseller app that server.mjs created.
function toJumpseller(request: Request, context: AppLoadContext): Promise<Response> | Response {
  if (!context.jumpseller)
    return new Response("Jumpseller no está habilitado en este servidor. / Jumpseller is not enabled on this server.", {
      status: 503,
    });
  return context.jumpseller.handle(request);
}

export const loader = ({ request, context }: LoaderFunctionArgs) => toJumpseller(request, context);
export const action = ({ request, context }: ActionFunctionArgs) => toJumpseller(request, context);
