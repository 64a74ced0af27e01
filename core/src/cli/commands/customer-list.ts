import { findCompany } from "../../hub/company/find-company.js";
import type { CustomerView } from "../../hub/customers/customer-view.js";
import { findCustomer } from "../../hub/customers/find-customer.js";
import { listCustomers } from "../../hub/customers/list-customers.js";
import { optionalString, UsageError, type CliCommand, parseDecimal } from "../command.js";
import { withHub } from "../hub-session.js";

function line(c: CustomerView): string {
  const who = [c.name || c.businessName, c.rut, c.email].filter(Boolean).join(" · ");
  return `${c.code.padEnd(12)} ${c.guest ? "invitado" : "con cuenta"}  ${who}`;
}

export const customerList: CliCommand = {
  path: ["customer", "list"],
  summary: "Lista los clientes de la empresa, los más nuevos primero (los invitados tienen su propio prefijo)",
  usage:
    "customer list [--guests | --accounts] [--search <code, name, e-mail or RUT>] [--limit <n>] [--company <rut>] [--json]",
  options: {
    guests: { type: "boolean" },
    accounts: { type: "boolean" },
    search: { type: "string" },
    limit: { type: "string" },
    company: { type: "string" },
  },
  async run(args) {
    if (args.values.guests && args.values.accounts) throw new UsageError("use --guests o --accounts, no ambas");
    const limitRaw = optionalString(args, "limit");
    const limit = limitRaw === undefined ? 100 : parseDecimal(limitRaw, "limit", { integer: true, min: 1, max: 500 });
    const search = optionalString(args, "search");
    const rows = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      return listCustomers(hub.db, company.id, {
        ...(args.values.guests ? { guest: true } : args.values.accounts ? { guest: false } : {}),
        ...(search ? { search } : {}),
        limit,
      });
    });
    return {
      json: rows,
      text:
        rows.length === 0
          ? "Sin clientes todavía: llegan con los pedidos y desde las tiendas."
          : rows.map(line).join("\n"),
    };
  },
};

export const customerShow: CliCommand = {
  path: ["customer", "show"],
  summary: "Muestra un cliente por código, RUT o correo, con sus direcciones y cantidad de pedidos",
  usage: "customer show <code|rut|email> [--company <rut>] [--json]",
  options: { company: { type: "string" } },
  async run(args) {
    const ref = args.positionals[0];
    if (!ref) throw new UsageError("indique el código, RUT o correo del cliente");
    const c = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      return findCustomer(hub.db, company.id, ref);
    });
    const text = [
      line(c),
      ...(c.businessName ? [`Razón social: ${c.businessName}${c.activity ? ` (giro ${c.activity})` : ""}`] : []),
      ...(c.address ? [`Dirección: ${c.address}${c.commune ? `, ${c.commune}` : ""}`] : []),
      `Pedidos: ${c.orders ?? 0}`,
    ].join("\n");
    return { json: c, text };
  },
};
