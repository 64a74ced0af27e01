import type { AnyConnector } from "../hub/platforms/connector.js";
import { getConnector, registerConnector } from "../hub/platforms/registry.js";

/**
 * Core's own tests create stores of platforms whose connectors live in other workspaces (core never
 * imports them). This registers a bare placeholder for such an id — a platform that only pushes
 * through the sync API, which is what those tests exercise — which the real connector replaces.
 */
export function ensureTestPlatform(id: string, extra: Partial<AnyConnector> = {}): AnyConnector {
  const existing = getConnector(id);
  if (existing) return existing;
  const connector: AnyConnector = { id, name: id, ...extra };
  registerConnector(connector, { placeholder: true });
  return connector;
}
