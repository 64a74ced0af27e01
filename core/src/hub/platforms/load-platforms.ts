import type { ConnectorSetup } from "./connector.js";
import { discoverConnectors, type DiscoveredConnectors } from "./discover.js";

let loading: Promise<DiscoveredConnectors> | undefined;

/**
 * Discovers and registers the platform workspaces' connectors once per process (the server, the
 * worker and every CLI command that needs platforms call it; later calls get the first result).
 */
export function loadPlatforms(
  role: ConnectorSetup["role"],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<DiscoveredConnectors> {
  loading ??= discoverConnectors({
    env,
    role,
    publicUrl: (
      env.TIMBRE_PUBLIC_URL ?? `http://localhost:${env.PORT && env.PORT !== "0" ? env.PORT : "3000"}`
    ).replace(/\/+$/, ""),
  });
  return loading;
}
