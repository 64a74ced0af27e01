import { findCompany } from "../../hub/company/find-company.js";
import { loadPlatforms } from "../../hub/platforms/load-platforms.js";
import { getConnector, listConnectors, platformIds } from "../../hub/platforms/registry.js";
import { readStoreSetup, setupFlags } from "../../hub/platforms/store-setup.js";
import { createStore } from "../../hub/stores/create-store.js";
import { optionalString, requireString, UsageError, type CliCommand, type OptionSpec } from "../command.js";
import { withHub } from "../hub-session.js";

const CORE_OPTIONS: OptionSpec = {
  platform: { type: "string" },
  name: { type: "string" },
  domain: { type: "string" },
  "shop-id": { type: "string" },
  company: { type: "string" },
};

/** Every connector's setup flags (one flag may serve several platforms: --url). */
function platformFlags(): Map<string, { description: string; platforms: string[] }> {
  const flags = new Map<string, { description: string; platforms: string[] }>();
  for (const c of listConnectors()) {
    for (const f of setupFlags(c)) {
      if (f.flag in CORE_OPTIONS)
        throw new Error(`connector ${c.id}: setup field --${f.flag} clashes with a core flag`);
      const entry = flags.get(f.flag) ?? { description: f.description, platforms: [] };
      entry.platforms.push(`${c.id}${f.required ? "" : "?"}`);
      flags.set(f.flag, entry);
    }
  }
  return flags;
}

/**
 * `timbre store create`: the platforms and their flags come from the registry (each connector's
 * `setup.fields`), so a new platform's flags appear here without editing this command.
 */
export const storeCreate: CliCommand = {
  path: ["store", "create"],
  summary: "Conecta una tienda: imprime su clave de API y su secreto de firma (se muestran una sola vez)",
  usage:
    "store create --platform <platform> --name <name> [--domain <shop domain>] [--shop-id <id>] [--company <rut>] [platform flags] [--json]",
  options: CORE_OPTIONS,
  async loadOptions() {
    const loaded = await loadPlatforms("cli");
    for (const f of loaded.failed) process.stderr.write(`timbre: platform ${f.workspace} not loaded: ${f.error}\n`);
    const extra: OptionSpec = {};
    for (const name of platformFlags().keys()) extra[name] = { type: "string" };
    return extra;
  },
  describeOptions() {
    const flags = [...platformFlags()];
    const lines = [`Platforms: ${platformIds().join(", ")}`];
    if (flags.length > 0) lines.push("", "Platform flags [the platforms that take them; ? = optional there]:");
    for (const [flag, f] of flags) lines.push(`  --${flag} <value>  ${f.description} [${f.platforms.join(", ")}]`);
    return lines.join("\n");
  },
  async run(args) {
    const platform = requireString(args, "platform");
    const connector = getConnector(platform);
    if (!connector) throw new UsageError(`--platform debe ser una de: ${platformIds().join(", ")}`);
    const name = requireString(args, "name");
    const given = Object.fromEntries([...platformFlags().keys()].map((f) => [f, optionalString(args, f)]));
    const setup = readStoreSetup(connector, given, [...platformFlags().keys()]);
    const shopDomain = optionalString(args, "domain") ?? setup.shopDomain;
    const shopId = optionalString(args, "shop-id") ?? setup.shopId;
    const created = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      return createStore(hub.db, hub.encryptor, {
        companyId: company.id,
        platform: connector.id,
        name,
        ...(shopDomain ? { shopDomain } : {}),
        ...(shopId ? { shopId } : {}),
        ...(setup.credentials !== undefined ? { credentials: setup.credentials } : {}),
        ...(setup.settings ? { platformSettings: setup.settings } : {}),
        actor: "cli",
      });
    });
    return {
      json: created,
      text: [
        `Store ${created.name} (${created.platform}) connected: ${created.id}`,
        `  API key: ${created.apiKey}`,
        `  Secret:  ${created.secret}`,
        "Keep both now: Timbre stores only a hash of the key and an encrypted copy of the secret.",
      ].join("\n"),
    };
  },
};
