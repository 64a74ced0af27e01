import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import "../load-context";

// The courier web app (/courier/*): page, script, sign-in and proof uploads, all handled by the core.
export const loader = ({ request, context }: LoaderFunctionArgs) => context.hub.courierApp(request);
export const action = ({ request, context }: ActionFunctionArgs) => context.hub.courierApp(request);
