import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";
import { findProjectRoot } from "../config.js";
import type { AnyConnector, ConnectorFactory, ConnectorSetup } from "./connector.js";
import { registerConnector } from "./registry.js";

/**
 * Finds the platform workspaces and loads their connectors, so that adding a platform never edits
 * core, the CLI or the server: a workspace of the repository (root package.json `workspaces`) whose
 * package.json has
 *
 *     "timbre": { "connector": "./dist/connector/index.js", "source": "./src/connector/index.ts" }
 *
 * is a platform. `connector` is the built module; when it has not been built yet (right after
 * `npm ci`, which builds only core) `source` is loaded through tsx instead, so `npx timbre store
 * create --platform <p>` works on a fresh clone. The module's default export is a ConnectorFactory.
 */
const TimbreField = z.object({
  connector: z.string().min(1),
  source: z.string().min(1).optional(),
});

export interface ConnectorModuleRef {
  /** The workspace's package name. */
  workspace: string;
  dir: string;
  /** The file that will be imported (built module, else the TypeScript source). */
  file: string;
  fromSource: boolean;
}

export interface DiscoveredConnectors {
  connectors: AnyConnector[];
  /** Workspaces that declare a connector that could not be loaded, with why (printed by the hub). */
  failed: Array<{ workspace: string; error: string }>;
  /** Undoes the registration (tests). */
  unregister(): void;
}

const CORE_DIR = fileURLToPath(new URL("../../..", import.meta.url));

function workspaceDirs(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { workspaces?: string[] };
  return (pkg.workspaces ?? []).flatMap((w) => {
    if (!w.endsWith("/*")) return existsSync(join(root, w, "package.json")) ? [join(root, w)] : [];
    const base = join(root, w.slice(0, -2));
    return existsSync(base)
      ? readdirSync(base, { withFileTypes: true })
          .filter((e) => e.isDirectory() && existsSync(join(base, e.name, "package.json")))
          .map((e) => join(base, e.name))
      : [];
  });
}

/** The workspaces that declare a connector, without loading anything (scripts use it to build them). */
export function findConnectorModules(root = findProjectRoot(CORE_DIR)): ConnectorModuleRef[] {
  const out: ConnectorModuleRef[] = [];
  for (const dir of workspaceDirs(root)) {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; timbre?: unknown };
    if (pkg.timbre === undefined) continue;
    const field = TimbreField.safeParse(pkg.timbre);
    const workspace = pkg.name ?? relative(root, dir);
    if (!field.success) throw new Error(`${workspace}: package.json "timbre" must be {"connector": "<file>"}`);
    const built = resolve(dir, field.data.connector);
    const source = field.data.source ? resolve(dir, field.data.source) : undefined;
    const fromSource = !existsSync(built) && source !== undefined && existsSync(source);
    out.push({ workspace, dir, file: fromSource ? source! : built, fromSource });
  }
  return out;
}

async function importModule(ref: ConnectorModuleRef): Promise<unknown> {
  if (!existsSync(ref.file)) throw new Error(`${ref.file} does not exist: run \`npm run build\``);
  if (!ref.fromSource) return import(pathToFileURL(ref.file).href);
  // tsx is a root devDependency; a deployed hub has the built files and never gets here.
  const { tsImport } = (await import("tsx/esm/api")) as {
    tsImport(specifier: string, parent: string): Promise<unknown>;
  };
  return tsImport(pathToFileURL(ref.file).href, import.meta.url);
}

function factoryOf(mod: unknown, file: string): ConnectorFactory {
  let f = (mod as { default?: unknown }).default;
  // A CommonJS-interop double default (tsx loading an ESM file as CJS).
  if (f && typeof f === "object" && "default" in f) f = (f as { default: unknown }).default;
  if (typeof f !== "function")
    throw new Error(`${file}: the default export must be a connector factory (defineConnector)`);
  return f as ConnectorFactory;
}

/**
 * Loads and registers every discovered connector. A workspace that fails to load is reported in
 * `failed` rather than stopping the hub: the other platforms keep working.
 */
export async function discoverConnectors(
  setup: ConnectorSetup,
  options: { root?: string } = {},
): Promise<DiscoveredConnectors> {
  const undo: Array<() => void> = [];
  const connectors: AnyConnector[] = [];
  const failed: DiscoveredConnectors["failed"] = [];
  for (const ref of findConnectorModules(options.root)) {
    try {
      const connector = await factoryOf(await importModule(ref), ref.file)(setup);
      undo.push(registerConnector(connector));
      connectors.push(connector);
    } catch (e) {
      failed.push({ workspace: ref.workspace, error: (e as Error)?.message ?? String(e) });
    }
  }
  return { connectors, failed, unregister: () => undo.forEach((u) => u()) };
}
