import { z } from "zod";
import type { CustomerInput } from "@timbre/core/platforms";
import { magentoTime, searchCriteria, type MagentoClient } from "../client/magento-client.js";
import type { MagentoStore } from "../store-client.js";

const AddressSchema = z
  .object({
    id: z.number().optional(),
    company: z.string().nullish(),
    vat_id: z.string().nullish(),
    street: z.array(z.string()).nullish(),
    city: z.string().nullish(),
    telephone: z.string().nullish(),
    default_billing: z.boolean().nullish(),
  })
  .loose();

export const MagentoCustomerSchema = z
  .object({
    id: z.number(),
    email: z.string(),
    firstname: z.string().nullish(),
    lastname: z.string().nullish(),
    taxvat: z.string().nullish(),
    group_id: z.number(),
    updated_at: z.string(),
    default_billing: z.string().nullish(),
    addresses: z.array(AddressSchema).default([]),
  })
  .loose();
export type MagentoCustomer = z.output<typeof MagentoCustomerSchema>;

const cut = (s: string | null | undefined, n: number) => {
  const t = s?.trim();
  return t ? t.slice(0, n) : undefined;
};

/** A Magento customer account → the hub's customer (RUT from taxvat, else the billing address's vat_id). */
export function customerInput(c: MagentoCustomer): CustomerInput {
  const billing =
    c.addresses.find((a) => a.default_billing || (c.default_billing && String(a.id) === c.default_billing)) ??
    c.addresses[0];
  const name = [c.firstname, c.lastname].filter(Boolean).join(" ");
  const rut = cut(c.taxvat, 20) ?? cut(billing?.vat_id, 20);
  return {
    email: c.email,
    guest: false,
    ...(name ? { name: name.slice(0, 100) } : {}),
    ...(rut ? { rut } : {}),
    ...(cut(billing?.company, 100) ? { businessName: cut(billing?.company, 100) } : {}),
    ...(billing?.street?.length ? { address: billing.street.join(" ").slice(0, 70) } : {}),
    ...(cut(billing?.city, 20) ? { commune: cut(billing?.city, 20) } : {}),
    ...(cut(billing?.telephone, 30) ? { phone: cut(billing?.telephone, 30) } : {}),
  };
}

const PAGE = 50;

/**
 * Customers created or edited in Magento since `from` become (or update) the hub's customers,
 * matched by RUT then e-mail. Returns the newest `updated_at` read (ISO), to start from next time.
 */
export async function pullCustomers(store: MagentoStore, client: MagentoClient, from: Date): Promise<string | null> {
  if (!store.customers) return null;
  let newest: string | null = null;
  for (let page = 1; ; page++) {
    const r = await client.get<{ items: unknown[]; total_count: number }>(
      "customers/search",
      searchCriteria([["updated_at", magentoTime.fromDate(from), "gteq"]], {
        pageSize: PAGE,
        page,
        sort: ["updated_at", "ASC"],
      }),
      "all",
    );
    for (const raw of r.items) {
      const parsed = MagentoCustomerSchema.safeParse(raw);
      if (!parsed.success) continue;
      await store.customers.record(customerInput(parsed.data), { actor: "magento.sweep" });
      const at = magentoTime.toIso(parsed.data.updated_at);
      if (!newest || at > newest) newest = at;
    }
    if (r.items.length < PAGE || page * PAGE >= r.total_count) break;
  }
  return newest;
}

/**
 * Puts each customer in the group the hub says (the group priced with the customer's own price
 * list). Only changes since the last push cost requests; a customer not in Magento (yet) is tried
 * again on the next poll.
 */
export async function pushCustomerGroups(store: MagentoStore, client: MagentoClient): Promise<number> {
  const assignments = await store.customers?.priceGroups?.();
  if (!assignments) return 0;
  const settings = await store.settings.read();
  const pushed = { ...settings.customerGroups };
  const groupIds = new Map<string, number | undefined>();
  const groupId = async (code: string) => {
    if (!groupIds.has(code)) {
      const found = await client.get<{ items: Array<{ id: number; code: string }> }>(
        "customerGroups/search",
        searchCriteria([["code", code]], { pageSize: 5 }),
        "all",
      );
      groupIds.set(code, found.items.find((g) => g.code === code)?.id);
    }
    return groupIds.get(code);
  };
  let changed = 0;
  for (const a of assignments) {
    if (pushed[a.email] === a.group) continue;
    const id = await groupId(a.group);
    if (id === undefined) continue; // the group is not in Magento: its tier prices say so too
    const found = await client.get<{ items: unknown[] }>(
      "customers/search",
      searchCriteria([["email", a.email]], { pageSize: 5 }),
      "all",
    );
    const customers = found.items.flatMap((c) => {
      const p = MagentoCustomerSchema.safeParse(c);
      return p.success ? [p.data] : [];
    });
    if (customers.length === 0) continue;
    for (const c of customers) {
      if (c.group_id === id) continue;
      await client.put(`customers/${c.id}`, { customer: { ...c, group_id: id } }, "all");
      changed++;
    }
    pushed[a.email] = a.group;
  }
  // A customer whose list was taken away in the hub keeps the group the merchant last saw: only
  // what the hub assigns is pushed, and it is pushed again if it changes.
  const current = new Set(assignments.map((a) => a.email));
  for (const email of Object.keys(pushed)) if (!current.has(email)) delete pushed[email];
  if (JSON.stringify(pushed) !== JSON.stringify(settings.customerGroups)) {
    await store.settings.update(() => ({ customerGroups: pushed }));
  }
  return changed;
}
