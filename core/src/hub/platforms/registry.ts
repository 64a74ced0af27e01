import { TimbreError } from "../../errors.js";
import { demoConnector } from "./builtin.js";
import type { AnyConnector } from "./connector.js";

/**
 * The connectors this process knows, by id. Filled once at start — by discovery in the server, the
 * CLI and the worker (discover.ts), or directly by a platform's own tests — and read by everything
 * that depends on a store's platform: store creation, the CLI's flags, the receiver, the
 * dispatcher, the sweep scheduler, the catalog / fulfillment / write-back jobs, the router.
 *
 * Process-wide on purpose: core's jobs look adapters up by `store.platform` without being handed a
 * registry, as they did with the per-port registries this replaces.
 */
const connectors = new Map<string, AnyConnector>([[demoConnector.id, demoConnector]]);

export const PLATFORM_ID = /^[a-z][a-z0-9]{1,29}$/;

/** Stand-ins tests register for platforms whose workspace they do not load; the real connector replaces them. */
const placeholders = new WeakSet<AnyConnector>();

/**
 * Registers a connector; returns the undo (tests). A second connector with the same id is refused,
 * unless the first was registered as a placeholder.
 */
export function registerConnector(connector: AnyConnector, options: { placeholder?: boolean } = {}): () => void {
  checkConnector(connector);
  const existing = connectors.get(connector.id);
  if (options.placeholder) {
    if (existing) return () => {};
    placeholders.add(connector);
  } else if (existing && existing !== connector && !placeholders.has(existing)) {
    throw new Error(`platform "${connector.id}" is registered twice (two workspaces declare the same connector id?)`);
  }
  connectors.set(connector.id, connector);
  return () => {
    if (connectors.get(connector.id) === connector) connectors.delete(connector.id);
  };
}

export function getConnector(id: string): AnyConnector | undefined {
  return connectors.get(id);
}

/** The connector of a platform id, or a clear error listing the known ones. */
export function requireConnector(id: string): AnyConnector {
  const c = connectors.get(id);
  if (c) return c;
  throw new TimbreError(
    "platform.unknown",
    {
      es: `Plataforma desconocida: ${id}. Disponibles: ${platformIds().join(", ") || "ninguna"}.`,
      en: `Unknown platform: ${id}. Known: ${platformIds().join(", ") || "none"}.`,
    },
    { fields: [{ field: "platform", message: `must be one of ${platformIds().join(", ")}` }] },
  );
}

export function listConnectors(): AnyConnector[] {
  return [...connectors.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function platformIds(): string[] {
  return listConnectors().map((c) => c.id);
}

function checkConnector(c: AnyConnector): void {
  if (!PLATFORM_ID.test(c.id))
    throw new Error(`connector id "${c.id}" must match ${PLATFORM_ID} (lowercase, no dashes)`);
  for (const kind of Object.keys(c.jobs ?? {})) {
    if (!kind.startsWith(`${c.id}.`))
      throw new Error(`connector ${c.id}: job kind "${kind}" must start with "${c.id}."`);
  }
  for (const r of c.routes ?? []) {
    if (!r.prefix.startsWith("/") || r.prefix.endsWith("/"))
      throw new Error(`connector ${c.id}: route prefix "${r.prefix}" must start with / and not end with one`);
  }
  const path = c.webhooks?.path;
  if (path !== undefined && !path.startsWith("/")) throw new Error(`connector ${c.id}: webhook path must start with /`);
  if (c.settings && !c.settings.safeParse({}).success)
    throw new Error(`connector ${c.id}: its settings schema must accept {} (give every key a default)`);
}

/** The path a connector's webhooks are posted to. */
export function webhookPath(c: AnyConnector): string {
  return c.webhooks?.path ?? `/webhooks/${c.id}`;
}
