import type { LoaderFunctionArgs } from "@remix-run/node";
import "../load-context";

export async function loader({ context }: LoaderFunctionArgs) {
  const report = await context.hub.health();
  return Response.json(report, {
    status: report.database === "up" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
