import { findCompany } from "../../hub/company/find-company.js";
import { issueLoginLink } from "../../hub/couriers/courier-sessions.js";
import { optionalString, UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";
import { courierIdOf } from "./courier-cli.js";

export const courierLink: CliCommand = {
  path: ["courier", "link"],
  summary: "A one-time sign-in link for a courier's phone (valid 72 hours; send it by WhatsApp or SMS)",
  usage: "courier link <id|phone> [--company <rut>] [--json]",
  options: { company: { type: "string" } },
  async run(args) {
    const ref = args.positionals[0];
    if (!ref) throw new UsageError("give the courier's id or phone");
    const r = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      const link = await issueLoginLink(hub.db, company.id, await courierIdOf(hub.db, company.id, ref), "cli");
      const base = hub.config.publicUrl ?? `http://localhost:${hub.config.port}`;
      return { url: new URL(link.path, base).toString(), expiresAt: link.expiresAt.toISOString() };
    });
    return {
      json: r,
      text: `${r.url}\n  (works once, until ${r.expiresAt}; set TIMBRE_PUBLIC_URL so phones can reach the hub)`,
    };
  },
};
