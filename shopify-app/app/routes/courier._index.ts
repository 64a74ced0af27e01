import type { LoaderFunctionArgs } from "@remix-run/node";
import "../load-context";

// /courier itself (the splat route only sees what follows the slash).
export const loader = ({ request, context }: LoaderFunctionArgs) => context.hub.courierApp(request);
