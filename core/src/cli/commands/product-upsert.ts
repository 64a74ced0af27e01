import { z } from "zod";
import { TimbreError } from "../../errors.js";
import { fieldIssues } from "../../validation.js";
import { setSellOnline } from "../../hub/catalog/set-sell-online.js";
import { upsertProducts } from "../../hub/catalog/upsert-products.js";
import { findCompany } from "../../hub/company/find-company.js";
import { ProductInputSchema } from "../../rules/stock/catalog-input.js";
import {
  optionalString,
  requireString,
  UsageError,
  type CliCommand,
  type ParsedArgs,
  parseDecimal,
} from "../command.js";
import { withHub } from "../hub-session.js";

const YesNo = z.enum(["yes", "no"]);

function strings(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : [];
}

export const productUpsert: CliCommand = {
  path: ["product", "upsert"],
  summary: "Crea o actualiza un producto por SKU; opcionalmente activa o desactiva su venta en línea en una tienda",
  usage:
    "product upsert --sku <sku> --name <name> --price <CLP> [--exempt] [--product <parent key>] [--product-name <name>] [--option Talla=M]... [--barcode <code>] [--description <text>] [--short-name <name>] [--weight <kg>] [--image <url>]... [--inactive] [--store <id> --sell-online yes|no] [--company <rut>] [--json]",
  options: {
    sku: { type: "string" },
    name: { type: "string" },
    price: { type: "string" },
    exempt: { type: "boolean" },
    product: { type: "string" },
    "product-name": { type: "string" },
    option: { type: "string", multiple: true },
    barcode: { type: "string" },
    description: { type: "string" },
    "short-name": { type: "string" },
    weight: { type: "string" },
    image: { type: "string", multiple: true },
    inactive: { type: "boolean" },
    store: { type: "string" },
    "sell-online": { type: "string" },
    company: { type: "string" },
  },
  async run(args) {
    const options: Record<string, string> = {};
    for (const o of strings(args, "option")) {
      const i = o.indexOf("=");
      if (i <= 0) throw new UsageError("--option va como nombre=valor, p. ej. --option Talla=M");
      options[o.slice(0, i)] = o.slice(i + 1);
    }
    const sellOnline = optionalString(args, "sell-online");
    const store = optionalString(args, "store");
    if (sellOnline !== undefined && !YesNo.safeParse(sellOnline).success)
      throw new UsageError("--sell-online debe ser yes o no");
    if ((sellOnline === undefined) !== (store === undefined))
      throw new UsageError("--store y --sell-online van juntas");
    const parsed = ProductInputSchema.safeParse({
      sku: requireString(args, "sku"),
      name: requireString(args, "name"),
      price: parseDecimal(requireString(args, "price"), "price", { integer: true, min: 0 }),
      ...(args.values.exempt === true ? { exempt: true } : {}),
      ...(optionalString(args, "product") ? { product: optionalString(args, "product") } : {}),
      ...(optionalString(args, "product-name") ? { productName: optionalString(args, "product-name") } : {}),
      ...(Object.keys(options).length ? { options } : {}),
      ...(optionalString(args, "barcode") ? { barcode: optionalString(args, "barcode") } : {}),
      ...(optionalString(args, "description") ? { description: optionalString(args, "description") } : {}),
      ...(optionalString(args, "short-name") ? { shortName: optionalString(args, "short-name") } : {}),
      ...(weightGrams(optionalString(args, "weight")) !== undefined
        ? { weightGrams: weightGrams(optionalString(args, "weight")) }
        : {}),
      ...(strings(args, "image").length ? { images: strings(args, "image") } : {}),
      ...(args.values.inactive === true ? { active: false } : {}),
    });
    if (!parsed.success) {
      const fields = fieldIssues(parsed.error);
      throw new TimbreError(
        "product.invalid",
        {
          es: `Producto inválido: ${fields.map((f) => f.field).join(", ")}.`,
          en: `Invalid product: ${fields.map((f) => f.field).join(", ")}.`,
        },
        { fields },
      );
    }
    const result = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      const r = await upsertProducts(hub.db, company.id, [parsed.data], { actor: "cli" });
      if (store && sellOnline) await setSellOnline(hub.db, store, parsed.data.sku, sellOnline === "yes", "cli");
      return r.results[0]!;
    });
    const verb = { created: "creado", updated: "actualizado", unchanged: "sin cambios", duplicate: "duplicado" }[
      result.status
    ];
    return {
      json: result,
      text: `Producto ${result.sku}: ${verb}${store && sellOnline ? `; venta en línea en ${store}: ${sellOnline === "yes" ? "sí" : "no"}` : ""}`,
    };
  },
};

/** "0,35" or "0.35" kilograms → 350 grams; a weight that is not a positive number is a usage error. */
function weightGrams(kg: string | undefined): number | undefined {
  if (kg === undefined) return undefined;
  const n = Number(kg.replace(",", "."));
  if (!Number.isFinite(n) || n <= 0 || n > 1000) throw new UsageError("--weight va en kilos, p. ej. 0.35");
  return Math.round(n * 1000);
}
