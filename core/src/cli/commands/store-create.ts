import { z } from "zod";
import { findCompany } from "../../hub/company/find-company.js";
import { createStore } from "../../hub/stores/create-store.js";
import { optionalString, requireString, UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";

const PlatformSchema = z.enum(["shopify", "jumpseller", "woocommerce", "prestashop", "demo"]);

export const storeCreate: CliCommand = {
  path: ["store", "create"],
  summary: "Connect a store: prints its API key and signing secret (shown only once)",
  usage:
    "store create --platform shopify|jumpseller|woocommerce|prestashop --name <name> [--domain <shop domain>] [--shop-id <id>] [--company <rut>] [--json]",
  options: {
    platform: { type: "string" },
    name: { type: "string" },
    domain: { type: "string" },
    "shop-id": { type: "string" },
    company: { type: "string" },
  },
  async run(args) {
    const platform = PlatformSchema.safeParse(requireString(args, "platform"));
    if (!platform.success) throw new UsageError(`--platform must be one of ${PlatformSchema.options.join(", ")}`);
    const name = requireString(args, "name");
    const shopDomain = optionalString(args, "domain");
    const shopId = optionalString(args, "shop-id");
    const created = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      return createStore(hub.db, hub.encryptor, {
        companyId: company.id,
        platform: platform.data,
        name,
        ...(shopDomain ? { shopDomain } : {}),
        ...(shopId ? { shopId } : {}),
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
