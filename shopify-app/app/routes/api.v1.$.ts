import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import "../load-context";

// Every /api/v1/* request goes, untouched (raw body included, for signatures), to the core's handler.
export const loader = ({ request, context }: LoaderFunctionArgs) => context.hub.api(request);
export const action = ({ request, context }: ActionFunctionArgs) => context.hub.api(request);
